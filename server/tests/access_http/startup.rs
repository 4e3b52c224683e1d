//! What a server checks when it starts: a signing server beyond loopback needs tokens or says it
//! is open, bad files stop the start naming the line; and `vbs-server hash-token`.
//! Run: `cargo test -p vbs-server --test access_http` (one binary, declared in `access_http.rs`).

use super::*;

#[tokio::test]
async fn a_signing_server_beyond_loopback_needs_tokens_or_says_it_is_open() {
    credentials();
    let dir = scratch("exposure");
    let tokens = tokens_file(&dir);
    let base = [
        "--bind",
        "0.0.0.0",
        "--port",
        "0",
        "--upstream",
        "http://127.0.0.1:9",
    ];
    let err = start(Config::from_args(base).unwrap()).await.unwrap_err();
    assert!(
        err.contains("--access-tokens") && err.contains("--i-know-this-is-open"),
        "{err}"
    );
    let mut open = base.to_vec();
    open.push("--i-know-this-is-open");
    assert!(start(Config::from_args(open).unwrap()).await.is_ok());
    let mut guarded = base.to_vec();
    guarded.extend(["--access-tokens", &tokens]);
    let running = start(Config::from_args(guarded).unwrap()).await.unwrap();
    assert!(running.state.access.as_ref().unwrap().requires_sign_in());
    // The emulator holds no real keys: it may listen anywhere, as before.
    assert!(
        start(Config::from_args(["--bind", "0.0.0.0", "--port", "0"]).unwrap())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn bad_files_stop_the_start_naming_the_line() {
    let dir = scratch("bad-files");
    let path = dir.join("tokens.txt");
    std::fs::write(
        &path,
        format!(
            "alice:{}\n# ok so far\nplanted-token-by-mistake\n",
            hash_hex(b"a")
        ),
    )
    .unwrap();
    let file = path.display().to_string();
    let err = start(Config::from_args(["--port", "0", "--access-tokens", &file]).unwrap())
        .await
        .unwrap_err();
    assert!(err.contains(&format!("{file}:3:")), "{err}");
    assert!(!err.contains("planted"), "{err}");
    let err =
        start(Config::from_args(["--port", "0", "--access-tokens", "/nonexistent/t.txt"]).unwrap())
            .await
            .unwrap_err();
    assert!(err.contains("/nonexistent/t.txt"), "{err}");
    let err = start(
        Config::from_args(["--port", "0", "--audit-log", "/nonexistent/dir/audit.log"]).unwrap(),
    )
    .await
    .unwrap_err();
    assert!(
        err.contains("--audit-log /nonexistent/dir/audit.log"),
        "{err}"
    );
}

#[tokio::test]
async fn hash_token_prints_the_sha256_of_the_token_on_stdin() {
    use tokio::io::AsyncWriteExt;
    async fn run(input: &[u8]) -> std::process::Output {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_vbs-server"))
            .arg("hash-token")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input).await.unwrap();
        drop(stdin);
        child.wait_with_output().await.unwrap()
    }
    let output = run(format!("{ALICE}\n").as_bytes()).await;
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        format!("{}\n", hash_hex(ALICE.as_bytes()))
    );
    let short = run(b"short\n").await;
    assert!(short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("can be guessed"));
    let empty = run(b"").await;
    assert!(!empty.status.success());
    assert!(empty.stdout.is_empty());
    let two = run(b"planted-one\nplanted-two\n").await;
    assert!(!two.status.success());
    assert!(!String::from_utf8_lossy(&two.stderr).contains("planted"));
}
