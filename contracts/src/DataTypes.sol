// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// The data types of the reference ovm-contracts (adjudicator.md §1), with the same ABI.
library DataTypes {
    struct Property {
        address predicateAddress;
        bytes[] inputs;
    }

    enum Decision {
        Undecided,
        True,
        False
    }

    struct ChallengeGame {
        bytes32 propertyHash;
        bytes32[] challenges;
        Decision decision;
        uint256 createdBlock;
    }

    struct Range {
        uint256 start;
        uint256 end;
    }

    struct StateUpdate {
        address depositContractAddress;
        Range range;
        uint256 blockNumber;
        Property stateObject;
        bytes32 chunkId;
    }

    struct Transaction {
        address depositContractAddress;
        Range range;
        uint256 maxBlockNumber;
        Property nextStateObject;
        bytes32 chunkId;
        address from;
    }

    struct IntervalTreeNode {
        bytes32 data;
        uint256 start;
    }

    struct AddressTreeNode {
        bytes32 data;
        address tokenAddress;
    }

    struct IntervalInclusionProof {
        uint256 leafIndex;
        uint256 leafPosition;
        IntervalTreeNode[] siblings;
    }

    struct AddressInclusionProof {
        address leafIndex;
        uint256 leafPosition;
        AddressTreeNode[] siblings;
    }

    struct InclusionProof {
        AddressInclusionProof addressInclusionProof;
        IntervalInclusionProof intervalInclusionProof;
    }
}
