//! Property tests of the engine against the on-chain model (`onchain`) and a three-valued
//! reference semantics written here.
//!
//! Random formulas over `And`, `Or`, `Not`, `ForAll` and `ThereExists`, with NUMBER domains of
//! 0 to 5 numbers, KEY domains from a random store with random vouches, and atoms `Equal` and
//! `IsLessThan` over bound variables and small constants, are decided
//! - as expanded properties of the universal connectives (built here, with `Or` directly
//!   inside quantifiers, which the claim encoder never writes);
//! - rendered as `.ovm` source in the first-order syntax, compiled, and claimed in the compiled
//!   shape (and in the expanded shape).
//!
//! For every decision: the outcome is the reference semantics'; a true decision has a witness
//! exactly when no `Not` or `ForAll` is needed, and the witness makes `decideWithWitness` true;
//! a false decision's challenge is accepted by `isValidChallenge` and decided true. Adding
//! values to unvouched keys, and then vouching them, never turns true into false or back. The
//! engine never errors under the default limits.
//!
//! Every decision of an expanded property is also played on an EVM chain ([`ovm_evm::play`] on
//! a fork of one [`ovm_evm::Chain::local`] per test thread, with the store's storage values
//! loaded): the claim's game, played as the engine says, must end as the engine decided (true
//! True, false False, unknown Undecided). The compiled shape is not played on chain: its
//! predicates are generated Solidity, which needs solc, not available to Rust tests
//! (`ovm test --evm` plays compiled predicates from their committed artifacts).

mod harness;
mod onchain;

use harness::{Program, check, check_reference, hex, word};
use ovm_abi::{Bytes, Deployment, Property, input};
use ovm_compiler::lowering::claim::Shape;
use ovm_engine::Outcome;
use ovm_engine::store::MemoryStore;
use proptest::prelude::*;
use proptest::test_runner::Config;

const NAMES: [&str; 3] = ["a", "b", "c"];

/// How deep random formulas nest.
const DEPTH: u32 = 4;

#[derive(Clone, Debug)]
enum Term {
    /// A bound variable in scope (by index, modulo the scope), or the constant of the same
    /// number when nothing is bound.
    Var(u8),
    /// A small number.
    Const(u8),
}

#[derive(Clone, Debug)]
enum Domain {
    /// The numbers `lo .. lo + len`.
    Numbers { lo: u8, len: u8 },
    /// The numbers below a bound variable's value (`${v}` in the hint).
    Below(u8),
    /// The values under the key `word(k)`.
    Key(u8),
    /// The values under the key that a bound variable holds (`${v}` in the hint).
    KeyOf(u8),
}

/// A domain with its variable resolved in the scope around its quantifier.
#[derive(Clone, Debug)]
enum Resolved {
    Numbers { lo: u8, len: u8 },
    Below(&'static str),
    Key(u8),
    KeyOf(&'static str),
}

/// The domain of a quantifier binding `own` in `scope`. A domain named by a variable names one
/// of the outer variables other than `own` (a hint `${a}` of a quantifier that binds `a`
/// again is ambiguous: the engine reads it as the quantifier's own, unbound, variable); with
/// none, it is a fixed domain.
fn resolve_domain(domain: &Domain, scope: &[&'static str], own: &str) -> Resolved {
    let others: Vec<&'static str> = scope.iter().copied().filter(|n| *n != own).collect();
    match domain {
        Domain::Numbers { lo, len } => Resolved::Numbers { lo: *lo, len: *len },
        Domain::Key(k) => Resolved::Key(*k),
        Domain::Below(i) if !others.is_empty() => Resolved::Below(others[*i as usize % others.len()]),
        Domain::Below(i) => Resolved::Numbers { lo: 0, len: i % 6 },
        Domain::KeyOf(i) if !others.is_empty() => Resolved::KeyOf(others[*i as usize % others.len()]),
        Domain::KeyOf(i) => Resolved::Key(i % 5),
    }
}

#[derive(Clone, Debug)]
enum F {
    Equal(Term, Term),
    Less(Term, Term),
    Not(Box<F>),
    And(Vec<F>),
    Or(Vec<F>),
    ForAll(u8, Domain, Box<F>),
    Exists(u8, Domain, Box<F>),
}

fn term() -> impl Strategy<Value = Term> {
    prop_oneof![3 => (0u8..6).prop_map(Term::Var), 1 => (0u8..7).prop_map(Term::Const)]
}

fn domain(dependent: bool) -> BoxedStrategy<Domain> {
    let fixed = prop_oneof![
        (0u8..4, 0u8..=5).prop_map(|(lo, len)| Domain::Numbers { lo, len }),
        (0u8..5).prop_map(Domain::Key),
    ];
    if dependent {
        prop_oneof![
            2 => fixed,
            1 => any::<u8>().prop_map(Domain::Below),
            1 => any::<u8>().prop_map(Domain::KeyOf),
        ]
        .boxed()
    } else {
        fixed.boxed()
    }
}

/// Formulas nested at most `depth` connectives deep.
fn formula(dependent: bool, depth: u32) -> BoxedStrategy<F> {
    let leaf = prop_oneof![
        (term(), term()).prop_map(|(a, b)| F::Equal(a, b)),
        (term(), term()).prop_map(|(a, b)| F::Less(a, b)),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let inner = formula(dependent, depth - 1);
    prop_oneof![
        1 => leaf,
        1 => inner.clone().prop_map(|f| F::Not(Box::new(f))),
        1 => prop::collection::vec(inner.clone(), 1..=3).prop_map(F::And),
        1 => prop::collection::vec(inner.clone(), 1..=3).prop_map(F::Or),
        2 => (0u8..3, domain(dependent), inner.clone()).prop_map(|(v, d, f)| F::ForAll(v, d, Box::new(f))),
        2 => (0u8..3, domain(dependent), inner).prop_map(|(v, d, f)| F::Exists(v, d, Box::new(f))),
    ]
    .boxed()
}

// ----------------------------------------------------------------------------------------------
// The store

/// Five keys `word(0..5)` of the bucket `vals`, each with some values (`word(0..7)`) and
/// vouched or not, and perhaps the whole bucket vouched.
#[derive(Clone, Debug)]
struct Store {
    keys: Vec<(Vec<u8>, bool)>,
    bucket: bool,
}

/// Values added to unvouched keys (of `word(0..7)`), then keys vouched.
#[derive(Clone, Debug)]
struct Extension {
    added: Vec<(u8, u8)>,
    vouched: Vec<u8>,
}

fn store() -> impl Strategy<Value = Store> {
    (
        prop::collection::vec((prop::collection::vec(0u8..7, 0..4), any::<bool>()), 5),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(keys, bucket)| Store { keys, bucket })
}

fn extension() -> impl Strategy<Value = Extension> {
    (
        prop::collection::vec((0u8..7, 0u8..7), 0..4),
        prop::collection::vec(0u8..7, 0..3),
    )
        .prop_map(|(added, vouched)| Extension { added, vouched })
}

/// The model of the store: each key's values without repeats, in the order added, and
/// whether it is complete.
#[derive(Clone, Debug, Default)]
struct Model {
    keys: Vec<(Bytes, Vec<Bytes>, bool)>,
    bucket: bool,
}

impl Model {
    fn of(store: &Store) -> Model {
        let mut model = Model {
            keys: Vec::new(),
            bucket: store.bucket,
        };
        for (k, (values, vouched)) in store.keys.iter().enumerate() {
            for v in values {
                model.add(k as u8, *v);
            }
            if *vouched {
                model.vouch(k as u8);
            }
        }
        model
    }

    fn entry(&mut self, k: u8) -> &mut (Bytes, Vec<Bytes>, bool) {
        let key = word(u64::from(k));
        match self.keys.iter().position(|(key2, ..)| *key2 == key) {
            Some(i) => &mut self.keys[i],
            None => {
                self.keys.push((key, Vec::new(), false));
                self.keys.last_mut().unwrap()
            }
        }
    }

    fn add(&mut self, k: u8, v: u8) {
        let value = word(u64::from(v));
        let values = &mut self.entry(k).1;
        if !values.contains(&value) {
            values.push(value);
        }
    }

    fn vouch(&mut self, k: u8) {
        self.entry(k).2 = true;
    }

    fn is_vouched(&self, k: u8) -> bool {
        let key = word(u64::from(k));
        self.bucket
            || self
                .keys
                .iter()
                .any(|(key2, _, vouched)| *key2 == key && *vouched)
    }

    /// The extension, applied only to keys that are not vouched.
    fn extend(&self, extension: &Extension) -> Model {
        let mut model = self.clone();
        for &(k, v) in &extension.added {
            if !self.is_vouched(k) {
                model.add(k, v);
            }
        }
        for &k in &extension.vouched {
            model.vouch(k);
        }
        model
    }

    fn memory(&self) -> MemoryStore {
        let mut store = MemoryStore::new();
        for (key, values, vouched) in &self.keys {
            for value in values {
                store.put(&["vals"], key, value.clone());
            }
            if *vouched {
                store.vouch_key(&["vals"], key);
            }
        }
        if self.bucket {
            store.vouch_bucket(&["vals"]);
        }
        store
    }

    /// The values under `key`, and whether they are all there are.
    fn lookup(&self, key: &[u8]) -> (Vec<Bytes>, bool) {
        match self.keys.iter().find(|(k, ..)| k.as_ref() == key) {
            Some((_, values, vouched)) => (values.clone(), *vouched || self.bucket),
            None => (Vec::new(), self.bucket),
        }
    }
}

// ----------------------------------------------------------------------------------------------
// The reference semantics

type Env = Vec<(&'static str, Bytes)>;

fn resolve(term: &Term, env: &Env) -> Bytes {
    match term {
        Term::Var(i) if !env.is_empty() => {
            let name = env[*i as usize % env.len()].0;
            value_of(name, env)
        }
        Term::Var(i) => word(u64::from(*i)),
        Term::Const(n) => word(u64::from(*n)),
    }
}

fn number(bytes: &[u8]) -> Option<u64> {
    let word: [u8; 32] = bytes.try_into().ok()?;
    word[..24]
        .iter()
        .all(|b| *b == 0)
        .then(|| u64::from_be_bytes(word[24..].try_into().unwrap()))
}

/// The value of the innermost binding of `name`.
fn value_of(name: &str, env: &Env) -> Bytes {
    env.iter().rev().find(|(n, _)| *n == name).unwrap().1.clone()
}

/// The elements of the domain of a quantifier binding `own`, and whether they are all there
/// are.
fn elements(domain: &Domain, own: &str, env: &Env, model: &Model) -> (Vec<Bytes>, bool) {
    let scope: Vec<&'static str> = env.iter().map(|(n, _)| *n).collect();
    match resolve_domain(domain, &scope, own) {
        Resolved::Numbers { lo, len } => ((lo..lo + len).map(|n| word(u64::from(n))).collect(), true),
        Resolved::Below(name) => {
            let n = number(&value_of(name, env)).expect("small numbers only");
            ((0..n).map(word).collect(), true)
        }
        Resolved::Key(k) => model.lookup(&word(u64::from(k))),
        Resolved::KeyOf(name) => model.lookup(&value_of(name, env)),
    }
}

/// The outcome, and for a true one whether the engine's witness exists (no `Not` or `ForAll`
/// on the path of first true operands and elements).
fn eval(f: &F, env: &mut Env, model: &Model) -> (Outcome, bool) {
    match f {
        F::Equal(a, b) => (Outcome::of(resolve(a, env) == resolve(b, env)), true),
        F::Less(a, b) => {
            let (a, b) = (resolve(a, env), resolve(b, env));
            let less = a.len() == 32 && b.len() == 32 && a < b;
            (Outcome::of(less), true)
        }
        F::Not(f) => (!eval(f, env, model).0, false),
        F::And(fs) => {
            let mut outcome = Outcome::True;
            let mut witness = true;
            for f in fs {
                let (o, w) = eval(f, env, model);
                witness &= w;
                match o {
                    Outcome::False => return (Outcome::False, false),
                    Outcome::Unknown => outcome = Outcome::Unknown,
                    Outcome::True => {}
                }
            }
            (outcome, witness)
        }
        F::Or(fs) => {
            let mut outcome = Outcome::False;
            for f in fs {
                match eval(f, env, model) {
                    (Outcome::True, w) => return (Outcome::True, w),
                    (Outcome::Unknown, _) => outcome = Outcome::Unknown,
                    (Outcome::False, _) => {}
                }
            }
            (outcome, false)
        }
        F::ForAll(v, domain, body) => {
            let (values, complete) = elements(domain, NAMES[*v as usize], env, model);
            let mut outcome = if complete { Outcome::True } else { Outcome::Unknown };
            for x in values {
                env.push((NAMES[*v as usize], x));
                let (o, _) = eval(body, env, model);
                env.pop();
                match o {
                    Outcome::False => return (Outcome::False, false),
                    Outcome::Unknown => outcome = Outcome::Unknown,
                    Outcome::True => {}
                }
            }
            (outcome, false)
        }
        F::Exists(v, domain, body) => {
            let (values, complete) = elements(domain, NAMES[*v as usize], env, model);
            let mut outcome = if complete {
                Outcome::False
            } else {
                Outcome::Unknown
            };
            for x in values {
                env.push((NAMES[*v as usize], x));
                let (o, w) = eval(body, env, model);
                env.pop();
                match o {
                    Outcome::True => return (Outcome::True, w),
                    Outcome::Unknown => outcome = Outcome::Unknown,
                    Outcome::False => {}
                }
            }
            (outcome, false)
        }
    }
}

// ----------------------------------------------------------------------------------------------
// As an expanded property

fn expanded(f: &F, scope: &mut Vec<&'static str>, deployment: &Deployment) -> Property {
    let c = &deployment.connectives;
    let term = |t: &Term, scope: &[&'static str]| match t {
        Term::Var(i) if !scope.is_empty() => input::placeholder(scope[*i as usize % scope.len()]).unwrap(),
        Term::Var(n) | Term::Const(n) => word(u64::from(*n)),
    };
    let atomic = |name: &str, inputs| Property::new(deployment.atomic(name).unwrap(), inputs);
    let encoded = |f: &F, scope: &mut Vec<&'static str>| Bytes::from(expanded(f, scope, deployment).encode());
    match f {
        F::Equal(a, b) => atomic("Equal", vec![term(a, scope), term(b, scope)]),
        F::Less(a, b) => atomic("IsLessThan", vec![term(a, scope), term(b, scope)]),
        F::Not(f) => Property::new(c.not, vec![encoded(f, scope)]),
        F::And(fs) => Property::new(c.and, fs.iter().map(|f| encoded(f, scope)).collect()),
        F::Or(fs) => Property::new(c.or, fs.iter().map(|f| encoded(f, scope)).collect()),
        F::ForAll(v, domain, body) | F::Exists(v, domain, body) => {
            let name = NAMES[*v as usize];
            let hint = hint(&resolve_domain(domain, scope, name));
            scope.push(name);
            let body = encoded(body, scope);
            scope.pop();
            let address = if matches!(f, F::ForAll(..)) {
                c.for_all_such_that
            } else {
                c.there_exists_such_that
            };
            Property::new(
                address,
                vec![
                    hint.into_bytes().into(),
                    Bytes::from(name.as_bytes().to_vec()),
                    body,
                ],
            )
        }
    }
}

fn hint(domain: &Resolved) -> String {
    match domain {
        Resolved::Numbers { lo, len } => format!(
            "range,NUMBER,{}-{}",
            hex(&word(u64::from(*lo))),
            hex(&word(u64::from(lo + len)))
        ),
        Resolved::Below(name) => format!("range,NUMBER,{}-${{{name}}}", hex(&word(0))),
        Resolved::Key(k) => format!("vals,KEY,{}", hex(&word(u64::from(*k)))),
        Resolved::KeyOf(name) => format!("vals,KEY,${{{name}}}"),
    }
}

// ----------------------------------------------------------------------------------------------
// As source

const PRELUDE: &str = r#"
@library
@quantifier("range,NUMBER,${lo}-${hi}")
def Range(x: BigNumber, lo: BigNumber, hi: BigNumber) := IsLessThan(x, hi)

@library
@quantifier("vals,KEY,${k}")
def Val(v: Bytes, k: Bytes) := Equal(v, v)
"#;

fn source(f: &F) -> String {
    format!(
        "{PRELUDE}\ndef f(z: BigNumber) :=\n  {}\n",
        render(f, &mut Vec::new())
    )
}

fn render(f: &F, scope: &mut Vec<&'static str>) -> String {
    let term = |t: &Term, scope: &[&'static str]| match t {
        Term::Var(i) if !scope.is_empty() => scope[*i as usize % scope.len()].to_string(),
        Term::Var(n) | Term::Const(n) => n.to_string(),
    };
    let join = |fs: &[F], scope: &mut Vec<&'static str>, connective: &str| {
        let parts: Vec<String> = fs.iter().map(|f| render(f, scope)).collect();
        format!("({})", parts.join(&format!(" {connective} ")))
    };
    match f {
        F::Equal(a, b) => format!("Equal({}, {})", term(a, scope), term(b, scope)),
        F::Less(a, b) => format!("IsLessThan({}, {})", term(a, scope), term(b, scope)),
        F::Not(f) => format!("not ({})", render(f, scope)),
        F::And(fs) => join(fs, scope, "and"),
        F::Or(fs) => join(fs, scope, "or"),
        F::ForAll(v, domain, body) | F::Exists(v, domain, body) => {
            let name = NAMES[*v as usize];
            let domain = match resolve_domain(domain, scope, name) {
                Resolved::Numbers { lo, len } => format!("Range({lo}, {})", lo + len),
                Resolved::Below(var) => format!("Range(0, {var})"),
                Resolved::Key(k) => format!("Val({})", hex(&word(u64::from(k)))),
                Resolved::KeyOf(var) => format!("Val({var})"),
            };
            scope.push(name);
            let body = render(body, scope);
            scope.pop();
            let quantifier = if matches!(f, F::ForAll(..)) {
                "forall"
            } else {
                "exists"
            };
            format!("({quantifier} {name} in {domain}: {body})")
        }
    }
}

// ----------------------------------------------------------------------------------------------
// The checks

/// An empty program: the expanded properties need only the deployment.
fn no_program() -> Program {
    Program::source("")
}

thread_local! {
    /// The local chain, deployed once per test thread; every game is played on a fork of it.
    static LOCAL: ovm_evm::Chain = ovm_evm::Chain::local().expect("the local deployment deploys");
}

/// Plays the game of an expanded `property` on a fork of the local chain, with `store`'s
/// storage values loaded, as the engine's `decision` says (challenges decided by the same
/// engine), and checks that the chain decides what the engine did.
fn play_on_chain(
    engine: &ovm_engine::Engine<&MemoryStore>,
    store: &MemoryStore,
    property: &Property,
    decision: &ovm_engine::Decision,
    shown: &dyn Fn() -> String,
) {
    let mut chain = LOCAL.with(ovm_evm::Chain::fork);
    chain.load_storage(store).expect("the storage values load");
    let mut decide = |p: &Property| engine.decide(p).map_err(|e| e.to_string());
    let played = ovm_evm::play(&mut chain, property, decision, &mut decide)
        .unwrap_or_else(|e| panic!("playing {} on chain fails: {e}", shown()));
    assert_eq!(
        played.result,
        ovm_evm::GameDecision::from(decision.outcome),
        "the chain decides {} otherwise than the engine ({:?})\nsteps: {:#?}\n{}",
        shown(),
        decision.outcome,
        played.steps,
        decision.trace.render(&|_| None)
    );
}

/// Decides `property` with the store of `model`, checks it against the reference semantics
/// and the on-chain model, and returns the outcome. With `reference`, the claim's own witness
/// and challenge are also checked with the reference contracts' shallow substitution, as the
/// expanded claim shape promises (docs/claims.md). With `evm` (an expanded property), the
/// decision is also played on chain ([`play_on_chain`]).
fn decide_and_check(
    program: &Program,
    model: &Model,
    property: &Property,
    f: &F,
    reference: bool,
    evm: bool,
) -> Outcome {
    let store = model.memory();
    let engine = program.engine(&store);
    let chain = program.chain(&store);
    let decision = engine
        .decide(property)
        .unwrap_or_else(|e| panic!("the engine fails: {e}"));
    let (outcome, witness) = eval(f, &mut Vec::new(), model);
    assert_eq!(
        decision.outcome,
        outcome,
        "{}\n{}",
        chain.show(&property.encode()),
        decision.trace.render(&|_| None)
    );
    if outcome == Outcome::True {
        assert_eq!(
            decision.witness.is_some(),
            witness,
            "witness of {}",
            chain.show(&property.encode())
        );
    }
    check(&engine, &chain, property, &decision, 1);
    if reference {
        check_reference(program, &store, property, &decision);
    }
    if evm {
        play_on_chain(&engine, &store, property, &decision, &|| {
            chain.show(&property.encode())
        });
    }
    decision.outcome
}

fn monotone(before: Outcome, after: Outcome) {
    if before != Outcome::Unknown {
        assert_eq!(
            after, before,
            "adding to unvouched keys changed a decided outcome"
        );
    }
}

fn config() -> Config {
    Config {
        cases: 512,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Expanded properties without dependent domains: every check strict.
    #[test]
    fn random_expanded_properties(f in formula(false, DEPTH), store in store(), extension in extension()) {
        let program = no_program();
        let property = expanded(&f, &mut Vec::new(), &Deployment::local());
        let model = Model::of(&store);
        let before = decide_and_check(&program, &model, &property, &f, false, true);
        let after = decide_and_check(&program, &model.extend(&extension), &property, &f, false, true);
        monotone(before, after);
    }

    /// Expanded properties with domains named by bound variables (`${v}` in hints), whose
    /// challenges have the element written into the nested hints.
    #[test]
    fn random_expanded_properties_with_dependent_domains(
        f in formula(true, DEPTH),
        store in store(),
        extension in extension(),
    ) {
        let program = no_program();
        let property = expanded(&f, &mut Vec::new(), &Deployment::local());
        let model = Model::of(&store);
        let before = decide_and_check(&program, &model, &property, &f, false, true);
        let after = decide_and_check(&program, &model.extend(&extension), &property, &f, false, true);
        monotone(before, after);
    }

    /// The same formulas as source, compiled and claimed in both shapes.
    #[test]
    fn random_compiled_formulas(f in formula(true, DEPTH), store in store(), extension in extension()) {
        let text = source(&f);
        let program = Program::source(&text);
        let args = [("z", "0")];
        let model = Model::of(&store);
        let extended = model.extend(&extension);
        let compiled = program.claim("f", &args, Shape::Compiled);
        let before = decide_and_check(&program, &model, &compiled, &f, false, false);
        let after = decide_and_check(&program, &extended, &compiled, &f, false, false);
        monotone(before, after);
        let expanded = program.claim("f", &args, Shape::Expanded);
        let before = decide_and_check(&program, &model, &expanded, &f, true, true);
        let after = decide_and_check(&program, &extended, &expanded, &f, true, true);
        monotone(before, after);
    }
}
