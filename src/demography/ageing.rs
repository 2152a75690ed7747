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
    let born = std::mem::replace(&mut v.notes.newborns, 0..0);
    let n = p.len();
    // Two plain passes around the newborns, each simple enough to vectorise.
    for rows in [0..born.start.min(n), born.end.min(n)..n] {
        let (status, age, away) = (
            &p.status[rows.clone()],
            &mut p.age[rows.clone()],
            &mut p.years_away[rows],
        );
        for ((&st, a), y) in status.iter().zip(age).zip(away) {
            *a = (*a + u8::from(st.registered())).min(MAX_AGE as u8);
            *y = y.saturating_add(u8::from(st == Status::Away));
        }
    }
    p.note_ageing();
}
