//! The engine's program, from the compiled-predicate model: the same contracts, labels and
//! inputs as the JSON (and so as the generated contracts), with every name resolved to an
//! index. `ovm_engine::bytecode::encode` writes it as `.ovmb` bytecode.

use super::compiled_json::{
    self, AtomicProposition, CompiledInput, CompiledPredicate, HintSegment, IntermediateCompiledPredicate,
    IntermediateInput, PredicateCall,
};
use crate::ir;
use ovm_abi::{Bytes, parse_hex};
use ovm_engine::program::{
    self as engine, Arg, ArgSource, Call, Child, Connective, Contract, HintPart, Operand, Origin, Param,
    Quantifier,
};

/// The program of every predicate of an IR program, in order.
pub fn lower(program: &ir::Program) -> engine::Program {
    engine::Program {
        predicates: compiled_json::lower(program).iter().map(predicate).collect(),
    }
}

/// One compiled predicate.
pub fn predicate(compiled: &CompiledPredicate) -> engine::Predicate {
    let index_of = |label: &str| {
        compiled
            .contracts
            .iter()
            .position(|c| c.name == label)
            .expect("the compiled-predicate lowering refers only to its own contracts") as u32
    };
    engine::Predicate {
        name: compiled.name.clone(),
        params: compiled
            .input_defs
            .iter()
            .map(|p| Param {
                name: p.name.clone(),
                ty: p.ty,
            })
            .collect(),
        contracts: compiled
            .contracts
            .iter()
            .map(|c| contract(c, &index_of))
            .collect(),
        entry: index_of(&compiled.entry_point),
        origin: Origin::Compiled,
    }
}

fn contract(json: &IntermediateCompiledPredicate, index_of: &dyn Fn(&str) -> u32) -> Contract {
    let connective = match json.connective {
        compiled_json::Connective::And => Connective::And,
        compiled_json::Connective::Or => Connective::Or,
        compiled_json::Connective::Not => Connective::Not,
        compiled_json::Connective::ForAllSuchThat => Connective::ForAll,
        compiled_json::Connective::ThereExistsSuchThat => Connective::ThereExists,
    };
    let mut texts = json.inputs.iter().filter_map(|input| match input {
        IntermediateInput::Text(text) => Some(text),
        IntermediateInput::Proposition(_) => None,
    });
    let values: Vec<String> = json.input_defs.iter().skip(1).cloned().collect();
    let quantifier = matches!(connective, Connective::ForAll | Connective::ThereExists).then(|| {
        let written = texts.next().cloned().unwrap_or_default();
        let variable = texts.next().cloned().unwrap_or_default();
        let hint = json
            .hint
            .iter()
            .map(|segment| match segment {
                HintSegment::Text(text) => HintPart::Text(text.clone()),
                HintSegment::Value(input) => HintPart::Value(arg(input)),
            })
            .collect();
        Quantifier {
            variable,
            hint,
            written: Bytes::from(written.into_bytes()),
        }
    });
    let operands = json
        .inputs
        .iter()
        .filter_map(|input| match input {
            IntermediateInput::Proposition(p) => Some(operand(p, index_of)),
            IntermediateInput::Text(_) => None,
        })
        .collect();
    Contract {
        label: json.name.clone(),
        connective,
        values,
        quantifier,
        operands,
    }
}

fn operand(proposition: &AtomicProposition, index_of: &dyn Fn(&str) -> u32) -> Operand {
    let call = match &proposition.predicate {
        PredicateCall::Atomic { source } if proposition.is_compiled => Call::Contract(index_of(source)),
        PredicateCall::Atomic { source } => Call::Atomic(source.clone()),
        PredicateCall::Compiled { source } => Call::Compiled(source.clone()),
        PredicateCall::Input { source } => Call::Property(arg(&CompiledInput::Normal(source.clone()))),
        PredicateCall::Variable { source } => Call::Property(arg(source)),
    };
    let args = proposition
        .inputs
        .iter()
        .filter(|input| !matches!(input, CompiledInput::Label(_)))
        .map(arg)
        .collect();
    Operand { call, args }
}

fn arg(input: &CompiledInput) -> Arg {
    let (source, children) = match input {
        CompiledInput::Normal(n) => (ArgSource::Value(n.input_index - 1), &n.children[..]),
        CompiledInput::Variable(v) => (ArgSource::Bound, &v.children[..]),
        CompiledInput::Constant(c) => (ArgSource::Constant(c.name.clone(), c.ty), &c.children[..]),
        // `self.address` is the address word itself.
        CompiledInput::SelfAddress(s) => (ArgSource::SelfAddress, s.children.get(1..).unwrap_or_default()),
        CompiledInput::Literal(l) => (
            ArgSource::Literal(parse_hex(&l.value).expect("literal values are written as hex")),
            &l.children[..],
        ),
        CompiledInput::Label(l) => (
            ArgSource::Literal(Bytes::from(format!("L{}", l.label).into_bytes())),
            &[][..],
        ),
    };
    Arg {
        source,
        path: children
            .iter()
            .map(|&c| {
                if c < 0 {
                    Child::Address
                } else {
                    Child::Input(c as u32)
                }
            })
            .collect(),
    }
}
