//! Sharing again the repeated strings of evidence that crossed a boundary as
//! text (the web worker sends its results as JSON): deserialising gives every
//! field its own copy, so a 100 MB log would hold its component, site, zone
//! and insertion strings once per line. A [`Sharer`] gives equal values one
//! shared copy, as a scan in place does.

use super::out::Interner;
use crate::evidence::{Entry, Evidence, Fact, Shared, StatusMessage};

/// One input's table of shared strings, fed evidence and entries in any order
/// and in as many batches as they arrive.
#[derive(Debug, Default)]
pub struct Sharer {
    strings: Interner,
}

impl Sharer {
    pub fn evidence(&mut self, e: &mut Evidence) {
        self.share(&mut e.input);
        if let Fact::StatusMessage(m) = &mut e.fact {
            self.message(m);
        }
    }

    pub fn entry(&mut self, e: &mut Entry) {
        self.share_some(&mut e.component);
        self.share_some(&mut e.time.zone);
    }

    fn message(&mut self, m: &mut StatusMessage) {
        for field in [
            &mut m.component,
            &mut m.site,
            &mut m.system,
            &mut m.package_id,
            &mut m.package_name,
            &mut m.package_source,
            &mut m.dp_path,
            &mut m.child_site,
            &mut m.time.zone,
        ] {
            self.share_some(field);
        }
        for s in &mut m.strings {
            self.share(s);
        }
        for (_, value) in &mut m.attributes {
            self.share(value);
        }
    }

    fn share(&mut self, s: &mut Shared) {
        let shared = self.strings.get(s);
        *s = shared;
    }

    fn share_some(&mut self, s: &mut Option<Shared>) {
        if let Some(s) = s {
            self.share(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_end_up_shared() {
        let log = "STATMSG: ID=2328 SEV=E COMP=\"SMS_DISTRIBUTION_MANAGER\" SITE=CEN ISTR0=\"CEN00012\" \
                   $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:16.472 2004 Pacific Daylight Time><thread=1 (0x1)>\n";
        let parsed = super::super::parse_input("distmgr.log", log.repeat(2).as_bytes());
        // Through JSON, as from the worker: every field its own copy.
        let json = serde_json::to_string(&parsed.evidence).expect("serialises");
        let mut evidence: Vec<Evidence> = serde_json::from_str(&json).expect("reads back");
        let json = serde_json::to_string(&parsed.entries).expect("serialises");
        let mut entries: Vec<Entry> = serde_json::from_str(&json).expect("reads back");
        assert_eq!(evidence, parsed.evidence);
        let message = |e: &Evidence| match &e.fact {
            Fact::StatusMessage(m) => m.clone(),
            other => panic!("{other:?}"),
        };
        let (a, b) = (message(&evidence[0]), message(&evidence[1]));
        assert!(!Shared::ptr_eq(&a.strings[0], &b.strings[0]));

        let mut sharer = Sharer::default();
        evidence.iter_mut().for_each(|e| sharer.evidence(e));
        entries.iter_mut().for_each(|e| sharer.entry(e));
        assert_eq!(evidence, parsed.evidence, "values unchanged");
        let (a, b) = (message(&evidence[0]), message(&evidence[1]));
        assert!(Shared::ptr_eq(&evidence[0].input, &evidence[1].input));
        assert!(Shared::ptr_eq(&a.strings[0], &b.strings[0]));
        assert!(Shared::ptr_eq(
            a.component.as_ref().expect("component"),
            b.component.as_ref().expect("component")
        ));
        assert!(Shared::ptr_eq(
            a.time.zone.as_ref().expect("zone"),
            entries[1].time.zone.as_ref().expect("zone")
        ));
        assert!(Shared::ptr_eq(
            entries[0].component.as_ref().expect("component"),
            entries[1].component.as_ref().expect("component")
        ));
    }
}
