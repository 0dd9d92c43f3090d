//! The undo `.reg`: read back by kbwiz's own parser it equals the keys and
//! values of the admin's export that the fix deletes or changes, and
//! merging the fix then the undo into a model registry (the export merged
//! into an empty one) gives back the registry as it was. Without an export,
//! the exact `regedit /e` command to run first.

mod scenario;

use kbwiz_engine::api;
use kbwiz_engine::evidence::{RegData, RegValue, RegistryKey};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::remedy::{reg_keys, undo_reg, RegForm};
use std::collections::BTreeMap;

/// A registry as regedit sees it: key (upper-cased path, as the registry
/// compares) -> (path as written, value name upper-cased -> value).
#[derive(Debug, Clone, PartialEq, Default)]
struct Model(BTreeMap<String, (String, BTreeMap<String, RegValue>)>);

impl Model {
    /// Merge a `.reg` file as regedit does: `[-KEY]` deletes the key and all
    /// below it; `[KEY]` creates it (and the keys above it); `"v"=-` deletes
    /// a value; any other value line sets it.
    fn merge(&mut self, keys: &[RegistryKey]) {
        for k in keys {
            let upper = k.path.to_uppercase();
            if k.deleted {
                let below = format!("{upper}\\");
                self.0.retain(|p, _| *p != upper && !p.starts_with(&below));
                continue;
            }
            let mut at = String::new();
            for part in k.path.split('\\') {
                if !at.is_empty() {
                    at.push('\\');
                }
                at.push_str(part);
                self.0
                    .entry(at.to_uppercase())
                    .or_insert_with(|| (at.clone(), BTreeMap::new()));
            }
            let values = &mut self.0.get_mut(&upper).expect("created").1;
            for v in &k.values {
                if v.data == RegData::Delete {
                    values.remove(&v.name.to_uppercase());
                } else {
                    values.insert(v.name.to_uppercase(), v.clone());
                }
            }
        }
    }
}

fn model_of(keys: &[RegistryKey]) -> Model {
    let mut m = Model::default();
    m.merge(keys);
    m
}

const DM: &str = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_DISTRIBUTION_MANAGER";

fn key(path: &str, deleted: bool, values: Vec<(&str, RegData)>) -> RegistryKey {
    RegistryKey {
        path: path.to_string(),
        deleted,
        values: values
            .into_iter()
            .map(|(n, data)| RegValue {
                name: n.to_string(),
                data,
            })
            .collect(),
    }
}

/// Every type regedit exports, under a key the fix deletes and a key below it.
fn rich_export() -> Vec<RegistryKey> {
    vec![
        key(&format!(r"{DM}\Retry History"), false, vec![]),
        key(
            &format!(r"{DM}\Retry History\CEN00012"),
            false,
            vec![
                ("Retry Count", RegData::Dword(3)),
                ("", RegData::String(r#"default "quoted" \ value"#.into())),
                ("Path", RegData::ExpandString(r"%SystemRoot%\sms".into())),
                (
                    "Sites",
                    RegData::MultiString(vec!["PR1".into(), "".into(), "PR2".into()]),
                ),
                (
                    "Blob",
                    RegData::Binary {
                        kind: 3,
                        bytes: vec![0, 1, 0xfe, 0xff],
                    },
                ),
                (
                    "None",
                    RegData::Binary {
                        kind: 0,
                        bytes: vec![],
                    },
                ),
                (
                    "Qword",
                    RegData::Binary {
                        kind: 11,
                        bytes: vec![1, 0, 0, 0, 0, 0, 0, 0],
                    },
                ),
            ],
        ),
        key(
            &format!(r"{DM}\Retry History\CEN00012\Sub"),
            false,
            vec![("x", RegData::String("y".into()))],
        ),
        key(
            &format!(r"{DM}\Retry History\CEN00013"),
            false,
            vec![("Retry Count", RegData::Dword(1))],
        ),
        key(
            DM,
            false,
            vec![
                ("Thread Limit", RegData::Dword(3)),
                ("Reserved Flags", RegData::Dword(0)),
            ],
        ),
    ]
}

/// A fix that deletes one package's key, one that was never there, changes
/// a value, adds one and creates a key.
fn rich_fix() -> Vec<RegistryKey> {
    vec![
        key(&format!(r"{DM}\Retry History\CEN00012"), true, vec![]),
        key(&format!(r"{DM}\Retry History\CEN00099"), true, vec![]),
        key(
            DM,
            false,
            vec![
                ("Reserved Flags", RegData::Dword(1)),
                ("New Value", RegData::String("n".into())),
            ],
        ),
        key(
            &format!(r"{DM}\Created"),
            false,
            vec![("k", RegData::Dword(7))],
        ),
    ]
}

#[test]
fn undo_reads_back_as_the_exported_keys_and_restores_the_model() {
    for form in [RegForm::Regedit4, RegForm::Version5] {
        let export = rich_export();
        let undo = undo_reg(&rich_fix(), &export, form);
        assert!(undo.export_first.is_empty(), "{undo:?}");
        let bytes = undo.bytes.clone().expect("an undo file");
        let back = reg_keys(&bytes);
        // The deleted key and the key below it, exactly as exported; the
        // changed key with its old value and the added one deleted; the
        // created key deleted.
        let expected = vec![
            export[1].clone(),
            export[2].clone(),
            key(
                DM,
                false,
                vec![
                    ("Reserved Flags", RegData::Dword(0)),
                    ("New Value", RegData::Delete),
                ],
            ),
            key(&format!(r"{DM}\Created"), true, vec![]),
        ];
        assert_eq!(
            back,
            expected,
            "{form:?}:\n{}",
            undo.reg.as_deref().unwrap_or("")
        );
        assert_eq!(undo.keys.len(), 4);

        let before = model_of(&export);
        let mut model = before.clone();
        model.merge(&rich_fix());
        assert_ne!(model, before);
        model.merge(&back);
        assert_eq!(model, before, "{form:?}");
    }
}

#[test]
fn an_uncovered_key_asks_for_the_export_first() {
    let export = vec![key(DM, false, vec![("Thread Limit", RegData::Dword(3))])];
    let fix = vec![
        key(r"HKEY_LOCAL_MACHINE\SOFTWARE\Other\Key", true, vec![]),
        key(&format!(r"{DM}\Retry History\CEN00012"), true, vec![]),
    ];
    let undo = undo_reg(&fix, &export, RegForm::Regedit4);
    assert_eq!(undo.reg, None);
    assert_eq!(undo.export_first.len(), 1);
    assert_eq!(
        undo.export_first[0].key,
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Other"
    );
    assert_eq!(
        undo.export_first[0].command,
        r#"regedit /e "kbwiz-before-1.reg" "HKEY_LOCAL_MACHINE\SOFTWARE\Other""#
    );
}

#[test]
fn regedit4_refuses_values_it_cannot_hold() {
    let export = vec![key(
        DM,
        false,
        vec![("Name", RegData::String("Жук".into()))],
    )];
    let fix = vec![key(DM, false, vec![("Name", RegData::String("x".into()))])];
    let undo = undo_reg(&fix, &export, RegForm::Regedit4);
    assert_eq!(
        (undo.reg.is_none(), undo.not_exact.as_slice()),
        (true, ["Жук".to_string()].as_slice())
    );
    assert!(undo_reg(&fix, &export, RegForm::Version5).reg.is_some());
}

fn inputs_refs(files: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect()
}

#[test]
fn the_retry_history_fix_is_undone_from_the_pasted_export() {
    let files = scenario::inputs(&["full-fault", "export-and-reg"]);
    let report = api::undo(&inputs_refs(&files), Kb::embedded(), RegForm::Regedit4);
    assert_eq!(report.article.as_deref(), Some("Q319207"));
    let undo = report.undo.expect("an undo");
    let key_path = format!(r"{DM}\Retry History\CEN00012");
    assert_eq!(undo.fix_keys, std::slice::from_ref(&key_path));
    assert_eq!(
        undo.reg.as_deref(),
        Some(
            format!("REGEDIT4\r\n\r\n[{key_path}]\r\n\"Retry Count\"=dword:00000003\r\n\r\n")
                .as_str()
        )
    );
    // Model: the export, the fix, the undo.
    let export = reg_keys(
        &files
            .iter()
            .find(|(n, _)| n.ends_with(".reg"))
            .expect("reg")
            .1,
    );
    let before = model_of(&export);
    let mut model = before.clone();
    model.merge(&reg_keys(report.fix.expect("fix").as_bytes()));
    assert!(!model.0.contains_key(&key_path.to_uppercase()));
    model.merge(&reg_keys(&undo.bytes.expect("bytes")));
    assert_eq!(model, before);
}

#[test]
fn without_an_export_the_command_to_take_one_is_given() {
    let files = scenario::inputs(&["full-fault"]);
    let report = api::undo(&inputs_refs(&files), Kb::embedded(), RegForm::Version5);
    let undo = report.undo.expect("an undo answer");
    assert_eq!(undo.reg, None);
    assert_eq!(
        undo.export_first
            .iter()
            .map(|e| e.command.as_str())
            .collect::<Vec<_>>(),
        [format!(
            r#"regedit /e "kbwiz-before-1.reg" "{DM}\Retry History""#
        )]
    );
}

#[test]
fn a_value_the_fix_adds_is_deleted_by_the_undo() {
    let files = scenario::inputs(&["q235184-default"]);
    let report = api::undo(&inputs_refs(&files), Kb::embedded(), RegForm::Regedit4);
    assert_eq!(report.article.as_deref(), Some("Q235184"));
    let undo = report.undo.expect("an undo");
    assert_eq!(
        undo.reg.as_deref(),
        Some(format!("REGEDIT4\r\n\r\n[{DM}]\r\n\"Reserved Flags\"=-\r\n\r\n").as_str())
    );
}
