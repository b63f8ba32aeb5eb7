//! The ABI of the contracts' functions this crate calls.

use alloy_sol_types::sol;

sol! {
    /// `DataTypes.Property`.
    #[derive(Debug, PartialEq, Eq)]
    struct Property {
        address predicateAddress;
        bytes[] inputs;
    }

    /// `DataTypes.ChallengeGame` (`decision` is the enum `Undecided, True, False`).
    #[derive(Debug, PartialEq, Eq)]
    struct ChallengeGame {
        bytes32 propertyHash;
        bytes32[] challenges;
        uint8 decision;
        uint256 createdBlock;
    }

    /// The UniversalAdjudicationContract (adjudicator.md §3.1).
    interface IUniversalAdjudicationContract {
        function claimProperty(Property _claim) external;
        function decideClaimToTrue(bytes32 _gameId) external;
        function decideClaimToFalse(Property _property, Property _challengingProperty) external;
        function decideClaimWithWitness(Property _claim, bytes[] _witness) external;
        function challenge(Property _property, bytes[] _challengeInputs, Property _challengingProperty)
            external
            returns (bool);
        function isDecidable(bytes32 _propertyId) external view returns (bool);
        function getGame(bytes32 _claimId) external view returns (ChallengeGame memory);
    }

    /// `BaseAtomicPredicate`.
    interface IAtomicPredicate {
        function decideFalse(bytes[] _inputs) external;
    }

    /// `KeyValueStorage`.
    interface IKeyValueStorage {
        function owner() external view returns (address);
        function store(bytes _key, bytes _value) external;
    }
}

impl From<&ovm_abi::Property> for Property {
    fn from(property: &ovm_abi::Property) -> Property {
        Property {
            predicateAddress: property.predicate_address,
            inputs: property.inputs.clone(),
        }
    }
}
