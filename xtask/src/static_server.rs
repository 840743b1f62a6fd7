//! A tiny static file server on 127.0.0.1 for the release build: enough HTTP/1.1
//! for a browser (GET and HEAD, correct content types, no directory escapes), and
//! a path prefix so tests can host the site under a sub-path.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;

/// A server running in a background thread until dropped.
pub struct StaticServer {
    port: u16,
    prefix: String,
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    /// Serves `root` under `prefix` (e.g. "/" or "/courses/cnn/sepconv/") on a free
    /// port of 127.0.0.1.
    pub fn start(root: &Path, prefix: &str) -> std::io::Result<StaticServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let prefix = format!("/{}/", prefix.trim_matches('/')).replace("//", "/");
        let (root, thread_prefix, thread_stop) = (root.to_path_buf(), prefix.clone(), stop.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if thread_stop.load(Ordering::Relaxed) {
                    break;
                }
                if let Ok(stream) = stream {
                    let (root, prefix) = (root.clone(), thread_prefix.clone());
                    thread::spawn(move || {
                        let _ = handle(stream, &root, &prefix);
                    });
                }
            }
        });
        Ok(StaticServer { port, prefix, stop })
    }

    /// The site's base URL, ending in '/'.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, self.prefix)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// The content type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `root`, refusing anything outside it.
fn resolve(root: &Path, prefix: &str, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let rest = path
        .strip_prefix(prefix)
        .or_else(|| (path.to_string() + "/" == prefix).then_some(""))?;
    let mut file = root.to_path_buf();
    for component in Path::new(rest).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn handle(mut stream: TcpStream, root: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut keep_alive = true;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
                break;
            }
            if header.to_ascii_lowercase().starts_with("connection: close") {
                keep_alive = false;
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        let (status, body, kind) = match (method, resolve(root, prefix, target)) {
            ("GET" | "HEAD", Some(file)) => ("200 OK", std::fs::read(&file)?, content_type(&file)),
            ("GET" | "HEAD", None) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
            _ => ("405 Method Not Allowed", Vec::new(), "text/plain"),
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes())?;
        if method != "HEAD" {
            stream.write_all(&body)?;
        }
        if !keep_alive {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_only_inside_the_root() {
        let root = crate::workspace_root();
        assert_eq!(
            resolve(&root, "/", "/Cargo.toml?x=1"),
            Some(root.join("Cargo.toml"))
        );
        assert_eq!(
            resolve(&root, "/a/b/", "/a/b/Cargo.toml"),
            Some(root.join("Cargo.toml"))
        );
        assert_eq!(resolve(&root, "/a/b/", "/Cargo.toml"), None);
        assert_eq!(resolve(&root, "/", "/../etc/passwd"), None);
        assert_eq!(resolve(&root, "/", "/calc/../Cargo.toml"), None);
        assert_eq!(content_type(Path::new("x.wasm")), "application/wasm");
    }
}
