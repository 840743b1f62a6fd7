//! Leptos' client build links server functions' streaming, and with it
//! wasm-streams' three JavaScript classes (`IntoUnderlyingSource`, …), which
//! wasm-bindgen exports whether or not anything uses them. Sepconv has no
//! server functions: this step takes the classes out of the glue and their
//! functions out of the module's export section, so that wasm-opt drops their
//! code: 1.7 KB gzip of the first load (1.3 KB module, 0.4 KB glue). (Binaryen's
//! wasm-metadce removes exports too, but its output compresses 6 KB worse.)

use std::path::Path;

use crate::Result;

/// The classes, as wasm-bindgen names them in the glue; their functions are
/// exported as `<lowercase>_<method>` and `__wbg_<lowercase>_free`.
const UNUSED_CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// Removes the classes from `glue` and their exports from `module` (both as
/// wasm-bindgen wrote them, before minifying and optimising). An error if
/// either is not shaped as expected: a newer wasm-bindgen may write them
/// otherwise.
pub fn remove(glue: &Path, module: &Path) -> Result {
    let text = std::fs::read_to_string(glue).map_err(|e| format!("{}: {e}", glue.display()))?;
    std::fs::write(glue, without_classes(&text)?)
        .map_err(|e| format!("{}: {e}", glue.display()))?;
    let bytes = std::fs::read(module).map_err(|e| format!("{}: {e}", module.display()))?;
    let (bytes, removed) = without_exports(&bytes, unused)?;
    if removed == 0 {
        return Err(format!(
            "{}: none of the classes' exports",
            module.display()
        ));
    }
    std::fs::write(module, bytes).map_err(|e| format!("{}: {e}", module.display()))
}

/// Whether the export belongs to one of the classes.
fn unused(export: &str) -> bool {
    UNUSED_CLASSES.iter().any(|class| {
        let lower = class.to_lowercase();
        export.starts_with(&format!("{lower}_")) || export == format!("__wbg_{lower}_free")
    })
}

/// `glue` without the classes: each `export class C { … }` through its
/// `Symbol.dispose` line, and its `CFinalization` registry.
fn without_classes(glue: &str) -> Result<String> {
    let mut text = glue.to_string();
    for class in UNUSED_CLASSES {
        let start = format!("export class {class} {{");
        let end = format!("{class}.prototype[Symbol.dispose] = {class}.prototype.free;\n");
        text = cut(&text, &start, &end)?;
        let registry = format!("const {class}Finalization = ");
        let registry_end = format!("__wbg_{}_free(ptr, 1));\n", class.to_lowercase());
        text = cut(&text, &registry, &registry_end)?;
        if text.contains(class) {
            return Err(format!(
                "the glue still uses {class} once its class is removed"
            ));
        }
    }
    Ok(text)
}

/// `text` without the span from `start` to the end of the first `end` after it.
fn cut(text: &str, start: &str, end: &str) -> Result<String> {
    let from = text
        .find(start)
        .ok_or(format!("the glue no longer contains {start:?}"))?;
    let to = text[from..]
        .find(end)
        .map(|i| from + i + end.len())
        .ok_or(format!("the glue has {start:?} without {end:?} after it"))?;
    Ok(format!("{}{}", &text[..from], &text[to..]))
}

/// An unsigned LEB128 number at `at`: its value and where it ends.
fn read_leb(bytes: &[u8], mut at: usize) -> Result<(usize, usize)> {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = *bytes.get(at).ok_or("the module ends inside a number")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 35 {
            return Err("a number in the module is too long".to_string());
        }
    }
}

/// `value` as unsigned LEB128.
fn leb(mut value: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// The module with its export section (id 7) rewritten without the exports
/// `drop` names, and how many were dropped; every other byte as it was.
fn without_exports(module: &[u8], drop: fn(&str) -> bool) -> Result<(Vec<u8>, usize)> {
    const HEADER: usize = 8;
    if module.len() < HEADER || &module[..4] != b"\0asm" {
        return Err("not a WebAssembly module".to_string());
    }
    let mut out = module[..HEADER].to_vec();
    let mut removed = 0;
    let mut at = HEADER;
    while at < module.len() {
        let id = module[at];
        let (size, start) = read_leb(module, at + 1)?;
        let end = start + size;
        let body = module
            .get(start..end)
            .ok_or("a section runs past the module's end")?;
        if id != 7 {
            out.extend_from_slice(&module[at..end]);
            at = end;
            continue;
        }
        let (count, mut cursor) = read_leb(body, 0)?;
        let mut kept = Vec::new();
        let mut kept_count = 0;
        for _ in 0..count {
            let entry = cursor;
            let (length, name_start) = read_leb(body, cursor)?;
            let name = body
                .get(name_start..name_start + length)
                .and_then(|n| std::str::from_utf8(n).ok())
                .ok_or("an export's name is not UTF-8")?;
            // The kind's byte, then the index.
            let (_, next) = read_leb(body, name_start + length + 1)?;
            if drop(name) {
                removed += 1;
            } else {
                kept.extend_from_slice(&body[entry..next]);
                kept_count += 1;
            }
            cursor = next;
        }
        let mut section = leb(kept_count);
        section.extend(kept);
        out.push(7);
        out.extend(leb(section.len()));
        out.extend(section);
        at = end;
    }
    Ok((out, removed))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "import x from './y.js';
export class IntoUnderlyingSink {
    free() { wasm.__wbg_intounderlyingsink_free(ptr, 0); }
}
if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;
export function keep() {}
const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));
const after = 1;
";

    #[test]
    fn a_class_and_its_registry_are_cut_and_nothing_else() {
        let one = cut(
            GLUE,
            "export class IntoUnderlyingSink {",
            "IntoUnderlyingSink.prototype.free;\n",
        )
        .unwrap();
        let both = cut(
            &one,
            "const IntoUnderlyingSinkFinalization = ",
            "_free(ptr, 1));\n",
        )
        .unwrap();
        assert_eq!(
            both,
            "import x from './y.js';\nexport function keep() {}\nconst after = 1;\n"
        );
        assert!(cut(GLUE, "export class Missing {", ";").is_err());
    }

    #[test]
    fn only_the_classes_exports_are_dropped_and_every_other_byte_kept() {
        assert!(unused("intounderlyingsource_pull"));
        assert!(unused("__wbg_intounderlyingbytesource_free"));
        assert!(!unused("__wbg_get_imports"));
        assert!(!unused("main"));
        // A module of a type section, then exports "main" (function 0),
        // "intounderlyingsink_write" (function 1) and "memory" (memory 0),
        // then a custom section.
        let export = |name: &str, kind: u8, index: u8| {
            let mut e = vec![name.len() as u8];
            e.extend(name.bytes());
            e.extend([kind, index]);
            e
        };
        let section = |id: u8, body: Vec<u8>| {
            let mut s = vec![id];
            s.extend(leb(body.len()));
            s.extend(body);
            s
        };
        let exports = |entries: Vec<Vec<u8>>| {
            let mut body = leb(entries.len());
            body.extend(entries.concat());
            section(7, body)
        };
        let head = [
            b"\0asm".to_vec(),
            vec![1, 0, 0, 0],
            section(1, vec![1, 0x60, 0, 0]),
        ]
        .concat();
        let tail = section(0, vec![1, b'x', 42]);
        let module = [
            head.clone(),
            exports(vec![
                export("main", 0, 0),
                export("intounderlyingsink_write", 0, 1),
                export("memory", 2, 0),
            ]),
            tail.clone(),
        ]
        .concat();
        let expected = [
            head,
            exports(vec![export("main", 0, 0), export("memory", 2, 0)]),
            tail,
        ]
        .concat();
        assert_eq!(without_exports(&module, unused).unwrap(), (expected, 1));
        assert!(without_exports(b"\0asm\x01\0\0\0\x07\x05", unused).is_err());
        assert!(without_exports(b"not wasm", unused).is_err());
    }

    #[test]
    fn a_glue_still_using_a_class_is_an_error() {
        assert!(without_classes("export class IntoUnderlyingByteSource {}").is_err());
    }
}
