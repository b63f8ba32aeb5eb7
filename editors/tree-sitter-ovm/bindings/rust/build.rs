//! Compiles the generated parser and the external scanner.

fn main() {
    let src_dir = std::path::Path::new("src");

    let mut build = cc::Build::new();
    build.std("c11").include(src_dir);
    build
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-unused-but-set-variable")
        .flag_if_supported("-Wno-trigraphs");
    if std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("msvc") {
        build.flag("-utf-8");
    }

    for file in ["parser.c", "scanner.c"] {
        let path = src_dir.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        build.file(path);
    }
    println!("cargo:rerun-if-changed={}", src_dir.join("tree_sitter").display());

    build.compile("tree-sitter-ovm");
}
