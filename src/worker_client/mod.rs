//! The page's side of the lab's worker (issues 17 and 18): where the worker and
//! its data are. Plain Rust, tested natively; `browser` starts workers and
//! talks to them, and `components::hooks::use_worker` ties one to a component.
//! A training run's events are folded by the lab (`lab::run::RunState`), a
//! timing's by the catch section.
//!
//! The protocol and the manifest are the worker crate's (`sepconv_worker`),
//! re-exported here so the UI needs one `use`.

pub mod browser;

pub use sepconv_train::timing::{LayerTiming, Rate, StepTiming, TimingLayer, TimingOptions};
pub use sepconv_train::{Evaluation, Family, Padding};
pub use sepconv_worker::manifest::{DataFile, Manifest, SetInfo};
pub use sepconv_worker::protocol::{
    DataSet, EpochResult, Event, JobId, Progress, RateKind, Request, Split, TrainSettings,
};

/// The build hash in the page's module name, from the `href` of its
/// `<link rel="modulepreload">` (`./sepconv-web-<hash>.js`, as Trunk writes it).
pub fn build_hash(href: &str) -> Option<&str> {
    let name = href.rsplit('/').next()?;
    let hash = name.strip_prefix("sepconv-web-")?.strip_suffix(".js")?;
    (!hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit())).then_some(hash)
}

/// Where a client finds the lab's files (the manifest, the worker, the data).
/// Every one is fetched from the page's origin: a folder is a relative path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LabAssets {
    /// Beside the page, of the page's own build (the hash in its module's
    /// name): what the page uses.
    #[default]
    OfPage,
    /// In a folder of the page's site, of a given build: what the component
    /// tests use (`dist/` served beside the test page). Made by
    /// [`LabAssets::folder`].
    Folder {
        /// Relative to the page, ending in `/`.
        folder: String,
        /// The build's hash.
        hash: String,
    },
}

impl LabAssets {
    /// The files of build `hash` in `folder`, a relative path of plain names
    /// (`dist/`, `lab/v2/`).
    ///
    /// # Errors
    /// A folder that could leave the page's origin or folder (`//host/`,
    /// `https://…`, `../`), or a hash that is not hexadecimal.
    pub fn folder(folder: &str, hash: &str) -> Result<LabAssets, String> {
        let folder = folder.strip_prefix("./").unwrap_or(folder);
        let plain = folder.strip_suffix('/').is_some_and(|inner| {
            inner.split('/').all(|part| {
                !part.is_empty()
                    && !part.starts_with('.')
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            })
        });
        if !plain {
            return Err(format!(
                "'{folder}' is not a folder of the page's site (plain names, ending in '/')"
            ));
        }
        if hash.is_empty() || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("'{hash}' is not a build hash"));
        }
        Ok(LabAssets::Folder {
            folder: folder.to_string(),
            hash: hash.to_string(),
        })
    }

    /// The URL of the file `name` (relative to the page).
    pub fn url(&self, name: &str) -> String {
        match self {
            LabAssets::OfPage => format!("./{name}"),
            LabAssets::Folder { folder, .. } => format!("./{folder}{name}"),
        }
    }

    /// The manifest's URL; `page_hash` is the page's own build hash (used by
    /// [`LabAssets::OfPage`] only).
    ///
    /// # Errors
    /// [`LabAssets::OfPage`] on a page that does not name its build.
    pub fn manifest_url(&self, page_hash: Option<&str>) -> Result<String, String> {
        let hash = match self {
            LabAssets::OfPage => {
                page_hash.ok_or("this page does not name its build, so its lab cannot be found")?
            }
            LabAssets::Folder { hash, .. } => hash,
        };
        Ok(self.url(&sepconv_worker::manifest::file_name(hash)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_hash_comes_from_the_pages_module() {
        assert_eq!(
            build_hash("./sepconv-web-5d4099a7531f6332.js"),
            Some("5d4099a7531f6332")
        );
        assert_eq!(
            build_hash("http://127.0.0.1:8080/courses/cnn/sepconv-web-abc.js"),
            Some("abc")
        );
        for bad in [
            "./sepconv-web-.js",
            "./sepconv-web-xyz.js",
            "./sepconv-web-abc_bg.wasm",
            "./other-abc.js",
            "",
        ] {
            assert_eq!(build_hash(bad), None, "{bad}");
        }
        assert_eq!(
            sepconv_worker::manifest::file_name("abc"),
            "sepconv-lab-abc.txt"
        );
    }

    #[test]
    fn lab_files_stay_on_the_pages_origin() {
        let page = LabAssets::OfPage;
        assert_eq!(
            page.manifest_url(Some("ab12")),
            Ok("./sepconv-lab-ab12.txt".into())
        );
        assert!(page.manifest_url(None).is_err());
        assert_eq!(page.url("w.js"), "./w.js");
        let dist = LabAssets::folder("dist/", "ab12").unwrap();
        assert_eq!(
            dist.manifest_url(None),
            Ok("./dist/sepconv-lab-ab12.txt".into())
        );
        assert_eq!(dist.url("digits.scds"), "./dist/digits.scds");
        assert_eq!(
            LabAssets::folder("./a/b-2/", "0f"),
            LabAssets::folder("a/b-2/", "0f")
        );
        for bad in [
            "",
            "/",
            "dist",
            "//evil.example/",
            "https://evil.example/",
            "../up/",
            "a//b/",
            "/etc/",
            "a/../b/",
            "sp ace/",
        ] {
            assert!(LabAssets::folder(bad, "ab").is_err(), "{bad:?}");
        }
        assert!(LabAssets::folder("dist/", "xyz").is_err());
        assert!(LabAssets::folder("dist/", "").is_err());
    }
}
