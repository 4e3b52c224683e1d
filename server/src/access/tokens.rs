//! The access tokens file (`name:sha256-hex` lines) and the constant-time check of a presented
//! token against it.

use std::path::Path;

use sha2::{Digest, Sha256};
use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::proxy::SetupError;

/// The longest user name accepted (it is written to the audit log).
pub const MAX_NAME_LEN: usize = 64;

/// Who may sign in: each user's name and the SHA-256 of their token (never the token).
#[derive(Debug, Clone)]
pub struct Tokens {
    users: Vec<(String, [u8; 32])>,
}

/// The SHA-256 of `token`, as lowercase hex: what a tokens file holds.
pub fn hash_hex(token: &[u8]) -> String {
    Sha256::digest(token)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The token `vbs-server hash-token` reads from `input`: one line, its line ending stripped.
/// The error never repeats the input.
pub fn token_from_input(input: &[u8]) -> Result<&[u8], String> {
    let token = input.strip_suffix(b"\n").unwrap_or(input);
    let token = token.strip_suffix(b"\r").unwrap_or(token);
    if token.is_empty() {
        return Err(
            "no token on standard input (give one line, e.g. `openssl rand -hex 32 | \
                    tee token.txt | vbs-server hash-token`)"
                .into(),
        );
    }
    if token.contains(&b'\n') {
        return Err("more than one line on standard input: give one token".into());
    }
    Ok(token)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'@'))
}

fn parse_hash(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut hash = [0u8; 32];
    for (byte, pair) in hash.iter_mut().zip(hex.as_bytes().chunks(2)) {
        let pair = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(hash)
}

impl Tokens {
    /// Reads the tokens file at `path`.
    pub fn read(path: &Path) -> Result<Tokens, SetupError> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            SetupError(format!(
                "--access-tokens {}: cannot read it: {err}",
                path.display()
            ))
        })?;
        Tokens::parse(&path.display().to_string(), &text)
    }

    /// Parses a tokens file's `text`; errors name `file:line` and never repeat a line (a token
    /// pasted in by mistake must not end up in a terminal or a log).
    pub fn parse(file: &str, text: &str) -> Result<Tokens, SetupError> {
        let mut users: Vec<(String, [u8; 32], usize)> = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let parsed = line.split_once(':').and_then(|(name, hex)| {
                let name = name.trim();
                let hash = parse_hash(hex.trim())?;
                valid_name(name).then(|| (name.to_owned(), hash))
            });
            let Some((name, hash)) = parsed else {
                return Err(SetupError(format!(
                    "{file}:{number}: not `name:sha256-hex` (a name of up to {MAX_NAME_LEN} letters, \
                     digits, '.', '_', '-' or '@', a colon, then the 64 hex digits \
                     `vbs-server hash-token` prints for the token)"
                )));
            };
            if let Some((_, _, first)) = users.iter().find(|(other, _, _)| *other == name) {
                return Err(SetupError(format!(
                    "{file}:{number}: the name {name} is already given on line {first}"
                )));
            }
            if let Some((_, _, first)) = users.iter().find(|(_, other, _)| *other == hash) {
                return Err(SetupError(format!(
                    "{file}:{number}: the same token as line {first}: give each user their own"
                )));
            }
            users.push((name, hash, number));
        }
        if users.is_empty() {
            return Err(SetupError(format!(
                "{file}: no tokens in it (lines `name:sha256-hex`, see `vbs-server hash-token`)"
            )));
        }
        Ok(Tokens {
            users: users
                .into_iter()
                .map(|(name, hash, _)| (name, hash))
                .collect(),
        })
    }

    /// The name of the user whose token `presented` is. Every stored hash is compared, in
    /// constant time and without stopping at a match, so the time taken tells nothing about
    /// which (or whether any) entry matched.
    pub fn user_of(&self, presented: &[u8]) -> Option<&str> {
        let hash: [u8; 32] = Sha256::digest(presented).into();
        let mut matched = subtle::Choice::from(0);
        let mut chosen = 0u32;
        for (index, (_, stored)) in self.users.iter().enumerate() {
            let equal = stored.ct_eq(&hash);
            chosen.conditional_assign(&(index as u32), equal);
            matched |= equal;
        }
        bool::from(matched)
            .then(|| self.users.get(chosen as usize))
            .flatten()
            .map(|(name, _)| name.as_str())
    }

    /// How many users the file names.
    pub fn len(&self) -> usize {
        self.users.len()
    }

    /// Never true: a file without tokens is refused.
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }
}
