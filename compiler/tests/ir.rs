//! IR fixtures: each `tests/ir/*.ovm` must compile without errors; its IR listing (and any
//! warnings) is an `insta` snapshot in `tests/ir/snapshots/`. Several are regression tests of
//! the old compiler's inlining bugs, named in their comments.

use ovm_compiler::diagnostics::render;
use ovm_compiler::{SourceMap, driver, ir};

#[test]
fn ir_listings() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../../tests/ir/snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::glob!("../../tests/ir", "*.ovm", |path| {
            let mut sources = SourceMap::new();
            let name = format!("ir/{}", path.file_name().unwrap().to_string_lossy());
            let loaded = driver::load_bytes(&mut sources, name, std::fs::read(path).unwrap()).unwrap();
            let (compilation, diagnostics) =
                driver::compile(&mut sources, loaded.file, Some(path), driver::Options::default());
            let rendered = render::to_plain_text(&sources, &diagnostics);
            let compilation =
                compilation.unwrap_or_else(|| panic!("{} must compile:\n{rendered}", path.display()));
            insta::assert_snapshot!(format!("{}{}", ir::print(&compilation.ir), rendered));
        });
    });
}
