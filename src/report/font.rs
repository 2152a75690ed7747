//! The typeface every chart uses, compiled into the binary so that drawing needs no
//! system font library (plotters' `ab_glyph` backend never asks fontconfig).

use ab_glyph::FontRef;
use anyhow::{Result, anyhow};
use plotters::style::{FontStyle, register_font};

/// Family name the charts ask for; SVG viewers substitute their own sans-serif.
pub const FAMILY: &str = "sans-serif";

/// DejaVu Sans (Bitstream Vera licence, see `fonts/LICENSE`).
const REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// Registers the bundled fonts with plotters; cheap, and safe to call before every render.
pub fn register() -> Result<()> {
    for (style, bytes) in [(FontStyle::Normal, REGULAR), (FontStyle::Bold, BOLD)] {
        register_font(FAMILY, style, bytes)
            .map_err(|_| anyhow!("the bundled {} font could not be read", style.as_str()))?;
    }
    Ok(())
}

/// The bundled regular or bold face, for drawing PNG text directly (see `raster`).
pub fn face(bold: bool) -> Result<FontRef<'static>> {
    FontRef::try_from_slice(if bold { BOLD } else { REGULAR })
        .map_err(|e| anyhow!("the bundled font could not be read: {e}"))
}
