//! Generates the LALRPOP parser from the workspace's single grammar file.
fn main() {
    lalrpop::Configuration::new()
        .set_out_dir(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .emit_rerun_directives(true)
        .process_file("../grammar/ovm.lalrpop")
        .expect("grammar/ovm.lalrpop must compile");
}
