use std::collections::HashMap;

use super::*;

fn from(vars: &[(&str, &str)]) -> Result<Option<Signer>, SetupError> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    credentials(|name| vars.get(name).cloned())
}

#[test]
fn credentials_are_both_keys_or_none() {
    assert!(from(&[]).unwrap().is_none());
    // Blank counts as unset.
    assert!(from(&[(AK_VAR, " "), (SK_VAR, "")]).unwrap().is_none());
    let signer = from(&[(AK_VAR, " AK1 "), (SK_VAR, "sk-1\n")])
        .unwrap()
        .unwrap();
    assert_eq!(signer.access_key(), "AK1");
    assert_eq!(signer.secrets(), ["sk-1"]);
    let temporary = from(&[
        (AK_VAR, "AK1"),
        (SK_VAR, "sk-1"),
        (SECURITY_TOKEN_VAR, "st"),
    ]);
    assert_eq!(temporary.unwrap().unwrap().secrets(), ["sk-1", "st"]);
}

#[test]
fn half_set_or_unsendable_credentials_are_refused_by_name_not_value() {
    for (vars, named) in [
        (vec![(AK_VAR, "AK1")], SK_VAR),
        (vec![(AK_VAR, "AK1"), (SK_VAR, " ")], SK_VAR),
        (vec![(SK_VAR, "planted-sk")], AK_VAR),
        (vec![(SECURITY_TOKEN_VAR, "planted-st")], AK_VAR),
        (vec![(AK_VAR, "A K"), (SK_VAR, "planted-sk")], AK_VAR),
        (
            vec![
                (AK_VAR, "AK1"),
                (SK_VAR, "planted-sk"),
                (SECURITY_TOKEN_VAR, "planted\nst"),
            ],
            SECURITY_TOKEN_VAR,
        ),
    ] {
        let err = from(&vars).expect_err(named).0;
        assert!(err.contains(named), "{err}");
        assert!(!err.contains("planted"), "{err}");
    }
}
