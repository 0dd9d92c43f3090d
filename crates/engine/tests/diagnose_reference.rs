//! Differential tests of the diagnosis's two readings: with the facts
//! indexed once for every article ([`diagnose`]: each rule reads the
//! positions the index lists for it) every evidence set must give the
//! findings that every rule reading every fact gives ([`diagnose_reference`]),
//! to the last cited line and reason. The inputs are every scenario under
//! `tests/data/scenarios` (each folder, each file alone and all of them at
//! once), the generated logs of `kbwiz_engine::sample`, and random
//! selections of the scenarios' files in random order.

use kbwiz_engine::api;
use kbwiz_engine::evidence::Evidence;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::tree::{diagnose, diagnose_article, diagnose_reference};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

/// Every scenario file, `(folder, name, bytes)`, folders and files in order.
fn scenario_files() -> &'static [(String, String, Vec<u8>)] {
    static FILES: OnceLock<Vec<(String, String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/scenarios"
        ));
        let mut dirs: Vec<_> = std::fs::read_dir(root)
            .expect("scenarios")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        let mut out = Vec::new();
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("scenario folder")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            files.sort();
            let folder = dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("?")
                .to_string();
            for path in files {
                let name = format!(
                    "{folder}/{}",
                    path.file_name().and_then(|n| n.to_str()).unwrap_or("?")
                );
                let bytes = std::fs::read(&path).expect("scenario file");
                out.push((folder.clone(), name, bytes));
            }
        }
        out
    })
}

/// The enriched evidence of `inputs`, as the diagnosis reads it.
fn evidence(inputs: &[(&str, &[u8])]) -> Vec<Evidence> {
    api::scan(inputs, Kb::embedded()).evidence
}

/// Both readings of `evidence` give the same findings; returns how many
/// of them the evidence said anything about.
fn same_both_ways(what: &str, evidence: &[Evidence]) -> usize {
    let kb = Kb::embedded();
    let fast = diagnose(evidence, kb);
    let reference = diagnose_reference(evidence, kb);
    assert_eq!(fast.len(), reference.len(), "{what}: number of findings");
    for (a, b) in fast.iter().zip(&reference) {
        assert_eq!(a, b, "{what}: {} against the reference", a.article);
    }
    fast.iter().filter(|f| api::assessed(f)).count()
}

#[test]
fn every_scenario_diagnoses_the_same() {
    let files = scenario_files();
    let mut folders: Vec<&str> = files.iter().map(|(f, _, _)| f.as_str()).collect();
    folders.dedup();
    assert!(folders.len() >= 90, "{} scenario folders", folders.len());
    let mut assessed = 0;
    for folder in &folders {
        let inputs: Vec<(&str, &[u8])> = files
            .iter()
            .filter(|(f, _, _)| f == folder)
            .map(|(_, n, b)| (n.as_str(), b.as_slice()))
            .collect();
        assessed += same_both_ways(folder, &evidence(&inputs));
    }
    // The scenarios do reach findings: the comparison is not empty.
    assert!(assessed > 150, "{assessed} assessed findings");
}

#[test]
fn every_scenario_file_alone_diagnoses_the_same() {
    for (_, name, bytes) in scenario_files() {
        same_both_ways(name, &evidence(&[(name.as_str(), bytes.as_slice())]));
    }
}

/// Every scenario file at once: many inputs, many articles' facts, the
/// same status messages and lines from several inputs.
#[test]
fn all_scenarios_at_once_diagnose_the_same() {
    let inputs: Vec<(&str, &[u8])> = scenario_files()
        .iter()
        .map(|(_, n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let assessed = same_both_ways("all scenarios", &evidence(&inputs));
    assert!(assessed > 20, "{assessed} assessed findings");
}

/// One article on its own (no KB for rules reading another article's
/// table) reads the index as the KB's diagnosis does.
#[test]
fn one_article_alone_diagnoses_as_in_the_kb() {
    let kb = Kb::embedded();
    let inputs: Vec<(&str, &[u8])> = scenario_files()
        .iter()
        .filter(|(f, _, _)| f == "full-fault" || f == "contradictory")
        .map(|(_, n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let evidence = evidence(&inputs);
    let all = diagnose_reference(&evidence, kb);
    let article = kb.article("Q319207").expect("Q319207 in the KB");
    let alone = diagnose_article(&evidence, article);
    let in_kb = all
        .iter()
        .find(|f| f.article == "Q319207")
        .expect("a finding for Q319207");
    assert_eq!(&alone, in_kb);
}

/// The generated logs of the benchmarks, a few hundred KB each, alone and
/// together.
#[test]
fn generated_logs_diagnose_the_same() {
    let distmgr = kbwiz_engine::sample::distmgr_log(300 * 1024);
    let mixed = kbwiz_engine::sample::mixed_log(300 * 1024);
    let one = evidence(&[("distmgr.log", distmgr.as_bytes())]);
    assert!(same_both_ways("distmgr.log", &one) > 0);
    same_both_ways("mixed.log", &evidence(&[("mixed.log", mixed.as_bytes())]));
    let full = scenario_files()
        .iter()
        .find(|(f, _, _)| f == "full-fault")
        .expect("the full-fault scenario");
    same_both_ways(
        "both logs and the full fault",
        &evidence(&[
            ("distmgr.log", distmgr.as_bytes()),
            ("mixed.log", mixed.as_bytes()),
            (full.1.as_str(), full.2.as_slice()),
        ]),
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random selections of the scenarios' files, in random order and
    /// sometimes twice: inputs of several articles and products together.
    #[test]
    fn random_selections_of_scenario_files_diagnose_the_same(
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..8)
    ) {
        let files = scenario_files();
        let inputs: Vec<(&str, &[u8])> = picks
            .iter()
            .map(|i| {
                let (_, name, bytes) = &files[i.index(files.len())];
                (name.as_str(), bytes.as_slice())
            })
            .collect();
        same_both_ways("a selection", &evidence(&inputs));
    }
}

/// An input made to hold more message IDs than the index keeps apart, and
/// more components and child sites per package than it keeps once, beside
/// the full fault: both readings still agree.
#[test]
fn inputs_past_the_index_limits_diagnose_the_same() {
    let trailer = "$$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:00:00.000 2004 Pacific Daylight Time><thread=1288 (0x508)>";
    let mut log = String::new();
    for n in 0..400u32 {
        let id = 3000 + n;
        log.push_str(&format!(
            "STATMSG: ID={id} SEV=I LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_COMPONENT_{n}\" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:00:00.000 2004 ISTR0=\"CEN00012\" ISTR1=\"PR{n}\" NUMATTRS=1 AID0=400 AVAL0=\"CEN00012\"  {trailer}\r\n"
        ));
    }
    let full = scenario_files()
        .iter()
        .find(|(f, _, _)| f == "full-fault")
        .expect("the full-fault scenario");
    let evidence = evidence(&[
        ("many-ids.log", log.as_bytes()),
        (full.1.as_str(), full.2.as_slice()),
    ]);
    assert!(same_both_ways("many IDs and components", &evidence) > 0);
}
