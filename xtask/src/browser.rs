//! Headless Chromium through chromedriver, driven with fantoccini: start both,
//! open pages of the release build, read the console, take screenshots.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
pub use fantoccini::{elements::Element, Locator};
use fantoccini::{Client, ClientBuilder};
pub use serde_json::{json, Value};

use crate::static_server::StaticServer;

/// Flags verified on these machines: headless as root, and no background traffic
/// to a network that is not there.
pub const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
];

/// The chromedriver binary: `$CHROMEDRIVER` or Debian's.
pub fn chromedriver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

/// A WebDriver endpoint under the session that fantoccini has no method for.
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// One rule an accessibility audit found broken.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Violation {
    /// axe's rule id ("color-contrast").
    pub id: String,
    /// "minor", "moderate", "serious" or "critical".
    pub impact: String,
    /// What the rule asks for.
    pub help: String,
    /// CSS selectors of the offending elements.
    pub targets: Vec<String>,
}

/// A running chromedriver, a browser session and a server for one site folder.
pub struct Browser {
    /// The WebDriver client, for anything the helpers here do not cover.
    pub client: Client,
    driver: Child,
    server: StaticServer,
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

impl Browser {
    /// Serves `site` under `prefix` ("/" or a sub-path), starts chromedriver and a
    /// headless Chromium window of `width`×`height` CSS pixels.
    pub async fn start(
        site: &Path,
        prefix: &str,
        width: u32,
        height: u32,
    ) -> Result<Browser, String> {
        if !site.join("index.html").is_file() {
            return Err(format!(
                "{} has no index.html: run `cargo xtask build` first",
                site.display()
            ));
        }
        let server =
            StaticServer::start(site, prefix).map_err(|e| format!("static server: {e}"))?;
        let port = free_port().map_err(|e| e.to_string())?;
        // Its own process group, so Chromium (its child) can be ended with it.
        let driver = Command::new(chromedriver_path())
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver_path().display()))?;
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--window-size={width},{height}"));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({"args": args, "binary": "/usr/bin/chromium",
                   "perfLoggingPrefs": {"enableNetwork": true, "enablePage": false}}),
        );
        // The performance log lists every request the browser makes (`requests`).
        capabilities.insert(
            "goog:loggingPrefs".into(),
            json!({"browser": "ALL", "performance": "ALL"}),
        );
        let webdriver = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&webdriver)
                .await
            {
                Ok(client) => break client,
                Err(e) if started.elapsed() > Duration::from_secs(20) => {
                    return Err(format!("chromedriver did not start a session: {e}"))
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Ok(Browser {
            client,
            driver,
            server,
        })
    }

    /// The site's base URL, ending in '/'.
    pub fn base_url(&self) -> String {
        self.server.url()
    }

    /// Opens `query` (e.g. "?k=5") like a reader who goes through the page: once
    /// the app is ready, scrolls to each part still arriving (the sections below
    /// the cost, fetched when they come near: src/components/on_demand.rs) until
    /// all are there, then back to the top.
    pub async fn open(&self, query: &str) -> Result<(), String> {
        self.open_unscrolled(query).await?;
        self.wait_until(
            "(document.querySelector('.on-demand')?.scrollIntoView(), !document.querySelector('.on-demand'))",
            Duration::from_secs(15),
        )
        .await
        .map_err(|e| format!("{query}: the parts below the cost never arrived: {e}"))?;
        self.eval("window.scrollTo(0, 0); return null;").await?;
        Ok(())
    }

    /// Opens `query` and waits until the app marks itself ready, without
    /// scrolling: the parts further down may not have arrived.
    pub async fn open_unscrolled(&self, query: &str) -> Result<(), String> {
        let url = format!("{}{}", self.base_url(), query);
        self.client
            .goto(&url)
            .await
            .map_err(|e| format!("goto {url}: {e}"))?;
        self.wait_until(
            "document.documentElement.dataset.ready === 'true'",
            Duration::from_secs(15),
        )
        .await
        .map_err(|e| format!("{url} never became ready: {e}"))
    }

    /// Runs a script; returns its value.
    pub async fn eval(&self, script: &str) -> Result<Value, String> {
        self.client
            .execute(script, vec![])
            .await
            .map_err(|e| format!("script failed: {e}\n{script}"))
    }

    /// Polls a JavaScript condition until it is true or `timeout` passes.
    ///
    /// A condition that throws counts as not yet true: it looks at a page that
    /// is still changing (a frame between two documents has a `contentDocument`
    /// with no `documentElement`). The last error is reported if it never holds.
    pub async fn wait_until(&self, condition: &str, timeout: Duration) -> Result<(), String> {
        let started = Instant::now();
        let script = format!("try {{ return !!({condition}); }} catch (e) {{ return String(e); }}");
        loop {
            let outcome = self.eval(&script).await?;
            if outcome == Value::Bool(true) {
                return Ok(());
            }
            if started.elapsed() > timeout {
                let thrown = match outcome {
                    Value::String(error) => format!(" (it last threw {error})"),
                    _ => String::new(),
                };
                return Err(format!("timed out waiting for {condition}{thrown}"));
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Text content of the element with `data-testid` = `id`.
    pub async fn text(&self, id: &str) -> Result<String, String> {
        let value = self
            .eval(&format!(
                "const e = document.querySelector('[data-testid=\"{id}\"]'); return e ? e.textContent : null;"
            ))
            .await?;
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no element with data-testid={id}"))
    }

    /// Console messages of level SEVERE (errors, failed loads, uncaught
    /// exceptions) since the last call.
    pub async fn console_errors(&self) -> Result<Vec<String>, String> {
        let logs = self
            .client
            .issue_cmd(SessionCommand {
                path: "se/log",
                body: json!({"type": "browser"}),
            })
            .await
            .map_err(|e| format!("reading the browser log: {e}"))?;
        Ok(logs
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
            .collect())
    }

    /// Every URL the browser requested since the last call (from the DevTools
    /// network events, so failed and blocked requests count too).
    pub async fn requests(&self) -> Result<Vec<String>, String> {
        let logs = self
            .client
            .issue_cmd(SessionCommand {
                path: "se/log",
                body: json!({"type": "performance"}),
            })
            .await
            .map_err(|e| format!("reading the performance log: {e}"))?;
        Ok(logs
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|entry| serde_json::from_str::<Value>(entry["message"].as_str()?).ok())
            .filter(|m| m["message"]["method"] == "Network.requestWillBeSent")
            .filter_map(|m| {
                m["message"]["params"]["request"]["url"]
                    .as_str()
                    .map(str::to_string)
            })
            .collect())
    }

    /// Runs the axe-core accessibility audit on the open page, with axe's script
    /// injected from disk (`crate::axe_script`, installed by setup).
    pub async fn audit(&self) -> Result<Vec<Violation>, String> {
        let path = crate::axe_script();
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e}; run `cargo xtask setup`", path.display()))?;
        self.client
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .map_err(|e| format!("injecting axe-core: {e}"))?;
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact || 'none',
                       help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))))
                   .catch(e => done({error: String(e)}));",
                vec![],
            )
            .await
            .map_err(|e| format!("running axe-core: {e}"))?;
        if let Some(error) = result["error"].as_str() {
            return Err(format!("axe-core failed: {error}"));
        }
        serde_json::from_value(result).map_err(|e| format!("axe-core's answer: {e}"))
    }

    /// Emulates `prefers-color-scheme` (and other media features) through the
    /// DevTools protocol.
    pub async fn emulate_media(&self, features: Value) -> Result<(), String> {
        self.cdp("Emulation.setEmulatedMedia", json!({"features": features}))
            .await
            .map(|_| ())
    }

    /// Presses `keys` (WebDriver key codes for special keys, e.g. `"\u{E014}"`
    /// for →) on whatever has the focus, as a person would.
    pub async fn press(&self, keys: &str) -> Result<(), String> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client
            .perform_actions(actions)
            .await
            .map_err(|e| format!("pressing {keys:?}: {e}"))
    }

    /// Runs a DevTools protocol command.
    pub async fn cdp(&self, command: &str, params: Value) -> Result<Value, String> {
        self.client
            .issue_cmd(SessionCommand {
                path: "goog/cdp/execute",
                body: json!({"cmd": command, "params": params}),
            })
            .await
            .map_err(|e| format!("{command}: {e}"))
    }

    /// Emulates print media (`true`) or the screen again; resets emulated media
    /// features such as `prefers-color-scheme`.
    pub async fn emulate_print(&self, print: bool) -> Result<(), String> {
        let media = if print { "print" } else { "" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"media": media, "features": []}),
        )
        .await
        .map(|_| ())
    }

    /// Resizes the viewport to `width`×`height` CSS pixels.
    pub async fn resize(&self, width: u32, height: u32) -> Result<(), String> {
        self.resize_zoomed(width, height, 1.0).await
    }

    /// Resizes the viewport to `width`×`height` CSS pixels of `scale` device
    /// pixels each: a 1280-pixel window at 200 % zoom is 640 CSS pixels at scale 2.
    pub async fn resize_zoomed(&self, width: u32, height: u32, scale: f64) -> Result<(), String> {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": scale, "mobile": false}),
        )
        .await
        .map(|_| ())
    }

    /// A PNG of what is on screen now, as a projector would show it.
    pub async fn screen_shot(&self) -> Result<Vec<u8>, String> {
        // Two frames: one to render what is on screen, one for its canvases.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
                vec![],
            )
            .await
            .map_err(|e| format!("waiting for frames: {e}"))?;
        let shot = self
            .cdp("Page.captureScreenshot", json!({"format": "png"}))
            .await?;
        let data = shot["data"].as_str().ok_or("screenshot without data")?;
        decode_base64(data)
    }

    /// A PNG of the whole page (not just the viewport) at the current width. The
    /// window is made as tall as the page for it: the page renders and paints
    /// sections only near the screen (`content-visibility`), and the browser's own
    /// whole-page capture would show the others blank.
    pub async fn screenshot(&self) -> Result<Vec<u8>, String> {
        let window = self
            .eval("return [innerWidth, innerHeight, devicePixelRatio, document.documentElement.scrollHeight];")
            .await?;
        let number = |i: usize| window[i].as_f64().ok_or("no window size");
        let (width, height, scale, page) = (number(0)?, number(1)?, number(2)?, number(3)?);
        self.resize_zoomed(width as u32, page as u32, scale).await?;
        // Two frames: one to render what is now on screen, one for its canvases.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
                vec![],
            )
            .await
            .map_err(|e| format!("waiting for frames: {e}"))?;
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true}),
            )
            .await;
        self.resize_zoomed(width as u32, height as u32, scale)
            .await?;
        let shot = shot?;
        let data = shot["data"].as_str().ok_or("screenshot without data")?;
        decode_base64(data)
    }

    /// Ends the session and stops chromedriver.
    /// The process group of chromedriver and the Chromium it started.
    pub fn process_group(&self) -> u32 {
        self.driver.id()
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        // Dropping ends chromedriver.
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Also when a failing test drops the browser without `close`: end chromedriver
        // and the Chromium it started (killing chromedriver alone would orphan Chromium).
        // Until chromedriver is reaped (below) its group id cannot have been reused.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let value = |c: u8| -> Result<u32, String> {
        Ok(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("invalid base64 byte {c}")),
        } as u32)
    };
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_base64() {
        assert_eq!(super::decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(super::decode_base64("aGk=").unwrap(), b"hi");
        assert_eq!(super::decode_base64("YWJj").unwrap(), b"abc");
    }
}
