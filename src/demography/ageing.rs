//! Ageing (MODEL.md §3 step 7): everyone alive grows one year older; Away
//! persons add a year to their current spell away.

use crate::bands::MAX_AGE;
use crate::population::people::Status;
use crate::population::village::Village;

/// Step: ages advance (capped at the table's last age, where death is certain).
/// Ages are completed years at the year's end, so those born this year stay
/// 0 (they are pushed rows, outside the sort index's age offset).
pub fn step(v: &mut Village) {
    let p = &mut v.people;
    let born = v.notes.newborns.clone();
    for i in (0..born.start).chain(born.end..p.len()) {
        let st = p.status[i];
        p.age[i] = (p.age[i] + u8::from(st.registered())).min(MAX_AGE as u8);
        p.years_away[i] = p.years_away[i].saturating_add(u8::from(st == Status::Away));
    }
    v.notes.newborns = 0..0;
    p.note_ageing();
}
