//! Headless Chromium through chromedriver, driven with fantoccini: start both,
//! open pages of the release build, read the console, take screenshots.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
pub use fantoccini::Locator;
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
        let driver = Command::new(chromedriver_path())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromedriver_path().display()))?;
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--window-size={width},{height}"));
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({"args": args, "binary": "/usr/bin/chromium"}),
        );
        capabilities.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
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

    /// Opens `query` (e.g. "?k=5") relative to the site and waits until the app
    /// marks itself ready.
    pub async fn open(&self, query: &str) -> Result<(), String> {
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
    pub async fn wait_until(&self, condition: &str, timeout: Duration) -> Result<(), String> {
        let started = Instant::now();
        let script = format!("return !!({condition});");
        loop {
            if self.eval(&script).await? == Value::Bool(true) {
                return Ok(());
            }
            if started.elapsed() > timeout {
                return Err(format!("timed out waiting for {condition}"));
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

    /// Emulates `prefers-color-scheme` (and other media features) through the
    /// DevTools protocol.
    pub async fn emulate_media(&self, features: Value) -> Result<(), String> {
        self.client
            .issue_cmd(SessionCommand {
                path: "goog/cdp/execute",
                body: json!({"cmd": "Emulation.setEmulatedMedia", "params": {"features": features}}),
            })
            .await
            .map(|_| ())
            .map_err(|e| format!("emulating media: {e}"))
    }

    /// Emulates print media (`true`) or the screen again; resets emulated media
    /// features such as `prefers-color-scheme`.
    pub async fn emulate_print(&self, print: bool) -> Result<(), String> {
        self.client
            .issue_cmd(SessionCommand {
                path: "goog/cdp/execute",
                body: json!({"cmd": "Emulation.setEmulatedMedia", "params": {
                    "media": if print { "print" } else { "" }, "features": []
                }}),
            })
            .await
            .map(|_| ())
            .map_err(|e| format!("emulating print: {e}"))
    }

    /// Resizes the viewport to `width`×`height` CSS pixels.
    pub async fn resize(&self, width: u32, height: u32) -> Result<(), String> {
        self.resize_zoomed(width, height, 1.0).await
    }

    /// Resizes the viewport to `width`×`height` CSS pixels of `scale` device
    /// pixels each: a 1280-pixel window at 200 % zoom is 640 CSS pixels at scale 2.
    pub async fn resize_zoomed(&self, width: u32, height: u32, scale: f64) -> Result<(), String> {
        self.client
            .issue_cmd(SessionCommand {
                path: "goog/cdp/execute",
                body: json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
                    "width": width, "height": height, "deviceScaleFactor": scale, "mobile": false
                }}),
            })
            .await
            .map(|_| ())
            .map_err(|e| format!("resizing: {e}"))
    }

    /// A PNG of the whole page (not just the viewport) at the current width.
    pub async fn screenshot(&self) -> Result<Vec<u8>, String> {
        let shot = self
            .client
            .issue_cmd(SessionCommand {
                path: "goog/cdp/execute",
                body: json!({"cmd": "Page.captureScreenshot", "params": {
                    "format": "png", "captureBeyondViewport": true
                }}),
            })
            .await
            .map_err(|e| format!("screenshot: {e}"))?;
        let data = shot["data"].as_str().ok_or("screenshot without data")?;
        decode_base64(data)
    }

    /// Ends the session and stops chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failing test drops the browser without `close`: never leave chromedriver behind.
        let _ = self.driver.kill();
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
