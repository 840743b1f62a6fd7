//! The payload: every file the page has requested, raw and gzip.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use xtask::browser::Browser;

use crate::Result;

/// Every file the page has requested so far, with raw and gzip sizes.
pub async fn payload(browser: &Browser, dist: &Path) -> Result<Value> {
    let urls = browser
        .eval(
            "return performance.getEntriesByType('navigation')
               .concat(performance.getEntriesByType('resource'))
               .map(e => e.name);",
        )
        .await?;
    let base = browser.base_url();
    let mut files = Vec::new();
    let (mut raw, mut gzip) = (0, 0);
    for url in urls
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let path = url
            .strip_prefix(&base)
            .ok_or(format!("a request left the site: {url}"))?;
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let file = dist.join(if path.is_empty() { "index.html" } else { path });
        let bytes = file
            .metadata()
            .map_err(|e| format!("{url} is not a file of dist/: {e}"))?
            .len();
        let compressed = gzip_size(&file)?;
        raw += bytes;
        gzip += compressed;
        files.push(json!({"file": path_name(&file), "raw": bytes, "gzip": compressed}));
    }
    Ok(json!({"files": files, "raw": raw, "gzip": gzip}))
}

/// `gzip -9` size of a file, as the build step reports it.
fn gzip_size(file: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

fn path_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}
