//! `ovm explain`: the long explanation of a diagnostic code.

use crate::cli::ExplainArgs;
use crate::report::Outcome;
use ovm_compiler::Code;

/// Prints the explanation of one code, or the list of all codes.
pub fn run(args: &ExplainArgs) -> anyhow::Result<Outcome> {
    if args.list {
        for code in Code::ALL {
            let title = code.explanation().lines().next().unwrap_or_default();
            println!("{}", title.trim_start_matches("# "));
        }
        return Ok(Outcome::Success);
    }
    let text = args.code.as_deref().unwrap_or_default();
    let code = Code::parse(text).ok_or_else(|| {
        anyhow::anyhow!("unknown diagnostic code `{text}`: codes look like `E0106` (run `ovm explain --list` to see them all)")
    })?;
    print!("{}", code.explanation());
    Ok(Outcome::Success)
}
