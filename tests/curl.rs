//! `to_curl`: redaction as a table, and the quoting tested for real: the produced command
//! runs under bash against a local server, which compares what arrives.
#![cfg(not(target_arch = "wasm32"))]

use faultline::curl::to_curl;
use faultline::diagnose::RequestParts;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

fn req<'a>(
    method: &'a str,
    url: &'a str,
    headers: &'a [(&'a str, &'a str)],
    body: Option<&'a [u8]>,
) -> RequestParts<'a> {
    RequestParts {
        method,
        url,
        headers,
        body,
    }
}

#[test]
fn commands_and_redaction() {
    let rows: &[(RequestParts, bool, &str)] = &[
        (req("GET", "https://api.example.com/v1/items", &[], None), true, "curl 'https://api.example.com/v1/items'"),
        (
            req("DELETE", "https://x.test/a?access_token=abc&page=2&client_secret=s#frag", &[("Authorization", "Bearer eyJ.abc.def")], None),
            true,
            "curl -X DELETE 'https://x.test/a?access_token=***&page=2&client_secret=***#frag' -H 'Authorization: Bearer ***'",
        ),
        (
            req("GET", "https://bob:hunter2@x.test/", &[("Cookie", "sid=1"), ("X-Api-Key", "k"), ("Accept", "a/b")], None),
            true,
            "curl 'https://bob:***@x.test/' -H 'Cookie: ***' -H 'X-Api-Key: ***' -H 'Accept: a/b'",
        ),
        (
            req("GET", "https://bob:hunter2@x.test/?token=t", &[("Authorization", "Bearer t")], None),
            false,
            "curl 'https://bob:hunter2@x.test/?token=t' -H 'Authorization: Bearer t'",
        ),
        (
            req("POST", "https://x.test/", &[("Content-Type", "application/json")], Some(b"{\"a\":\"it's\"}")),
            true,
            "curl 'https://x.test/' -H 'Content-Type: application/json' --data-binary '{\"a\":\"it'\\''s\"}'",
        ),
        (
            req("GET", "https://x.test/", &[("Autorization", "Bearer s3cret"), ("X-Note", "Basic")], None),
            true,
            "curl 'https://x.test/' -H 'Autorization: Bearer ***' -H 'X-Note: Basic'",
        ),
        (req("PUT", "https://x.test/", &[], Some(b"@/etc/passwd")), true, "curl -X PUT 'https://x.test/' -H 'Content-Type:' --data-raw '@/etc/passwd'"),
        (req("HEAD", "https://x.test/{a}", &[("X-Empty", "")], None), true, "curl --head --globoff 'https://x.test/{a}' -H 'X-Empty;'"),
        (req("POST", "https://x.test/", &[("Content-Type", "text/plain")], Some(b"a\nb")), true, "curl 'https://x.test/' -H 'Content-Type: text/plain' --data-binary $'a\\x0ab'"),
    ];
    for (r, redact, want) in rows {
        assert_eq!(to_curl(r, *redact), *want);
    }
}

struct Arrived {
    method: String,
    target: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

/// Serves one request on 127.0.0.1 and returns what arrived.
fn serve_once() -> (u16, std::thread::JoinHandle<Arrived>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            let n = stream.read(&mut chunk).unwrap();
            assert!(n > 0, "connection closed early");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break p;
            }
        };
        let head = buf[..head_end].to_vec();
        let mut lines = head
            .split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
        let request_line = String::from_utf8(lines.next().unwrap().to_vec()).unwrap();
        let mut parts = request_line.split(' ');
        let method = parts.next().unwrap().to_string();
        let target = parts.next().unwrap().to_string();
        let headers: Vec<(String, Vec<u8>)> = lines
            .map(|l| {
                let colon = l.iter().position(|&b| b == b':').unwrap();
                let value = l[colon + 1..].strip_prefix(b" ").unwrap_or(&l[colon + 1..]);
                (
                    String::from_utf8_lossy(&l[..colon]).to_ascii_lowercase(),
                    value.to_vec(),
                )
            })
            .collect();
        let len: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .map(|(_, v)| std::str::from_utf8(v).unwrap().parse().unwrap())
            .unwrap_or(0);
        let mut body = buf[head_end + 4..].to_vec();
        while body.len() < len {
            let n = stream.read(&mut chunk).unwrap();
            assert!(n > 0);
            body.extend_from_slice(&chunk[..n]);
        }
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
            .unwrap();
        Arrived {
            method,
            target,
            headers,
            body,
        }
    });
    (port, handle)
}

fn run(
    method: &str,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Arrived {
    let (port, server) = serve_once();
    let url = format!("http://127.0.0.1:{port}{path_and_query}");
    let cmd = to_curl(&req(method, &url, headers, body), false);
    let status = Command::new("bash")
        .arg("-c")
        .arg(format!("{cmd} -s -o /dev/null --max-time 10"))
        .status()
        .unwrap();
    assert!(status.success(), "curl failed: {cmd}");
    server.join().unwrap()
}

const NASTY_BODIES: &[&[u8]] = &[
    b"plain",
    b"it's \"quoted\" and 'single'",
    b"$(touch /tmp/faultline-pwned) `id` ${HOME} $HOME \\ \\\\ \\'",
    b"line1\nline2\r\nline3\ttab",
    b"nul\0inside\0",
    b"\xff\xfe\x80 invalid utf-8 \xc3",
    "unicode: é 日本 🎉 \u{2028} \u{7f}".as_bytes(),
    b"@not-a-file",
    b"-d --data",
    b"%s %d %% \\x41 \\n",
    b"'",
    b"\\",
];

#[test]
fn produced_commands_reproduce_the_request_under_bash() {
    for body in NASTY_BODIES {
        let headers = [
            ("Content-Type", "application/octet-stream"),
            ("X-Quote", "a'b\"c $(x) `y`"),
        ];
        let got = run("PATCH", "/p/a%20b?q=1&x='y'&z=$(id)", &headers, Some(body));
        assert_eq!(got.method, "PATCH");
        assert_eq!(got.target, "/p/a%20b?q=1&x='y'&z=$(id)");
        assert_eq!(&got.body, body, "body {:?}", String::from_utf8_lossy(body));
        let header = |n: &str| {
            got.headers
                .iter()
                .find(|(h, _)| h == n)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(header("x-quote").unwrap(), b"a'b\"c $(x) `y`");
        assert_eq!(header("content-type").unwrap(), b"application/octet-stream");
    }
    assert!(!std::path::Path::new("/tmp/faultline-pwned").exists());
}

#[test]
fn methods_headers_and_no_default_content_type() {
    let got = run(
        "POST",
        "/",
        &[("X-Empty", ""), ("Authorization", "Bearer sêcret")],
        Some(b"a=1"),
    );
    assert_eq!(got.method, "POST");
    assert_eq!(got.body, b"a=1");
    let header = |n: &str| {
        got.headers
            .iter()
            .find(|(h, _)| h == n)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("x-empty").unwrap(), b"");
    assert_eq!(header("authorization").unwrap(), "Bearer sêcret".as_bytes());
    assert_eq!(
        header("content-type"),
        None,
        "curl must not add a form content type"
    );
    for method in ["GET", "DELETE", "OPTIONS", "PUT"] {
        let got = run(method, "/x?y=[1]", &[], None);
        assert_eq!(
            (got.method.as_str(), got.target.as_str()),
            (method, "/x?y=[1]")
        );
        assert!(got.body.is_empty());
    }
}
