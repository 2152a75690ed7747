//! The PNG backend: plotters' bitmap backend with text drawn here instead, because the
//! ab_glyph text renderer of plotters 0.3.7 drops side bearings and lifts punctuation off the
//! baseline. Text is sized and anchored as the SVG backend writes it, so PNG matches SVG.
//! The same backend writes the frames of the teaching GIFs.

use std::path::Path;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    text_anchor::{HPos, VPos},
};

use super::font;

type Error = DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>;

/// x-height of DejaVu Sans in em (1120 of 2048 units): SVG's `ex`, used to centre text.
const EX: f32 = 0.547;
/// The SVG backend writes `font-size = size / 1.24`; the same em keeps both alike.
const EM_PER_SIZE: f32 = 1.0 / 1.24;

/// A PNG file being drawn.
pub struct Raster<'a> {
    inner: BitMapBackend<'a>,
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

impl<'a> Raster<'a> {
    /// A PNG image, written at `present`.
    pub fn new(path: &'a Path, size: (u32, u32)) -> anyhow::Result<Raster<'a>> {
        Raster::over(BitMapBackend::new(path, size))
    }

    /// An image drawn into `pixels` (RGB, row by row), such as a frame of an animation.
    pub fn buffer(pixels: &'a mut [u8], size: (u32, u32)) -> anyhow::Result<Raster<'a>> {
        Raster::over(BitMapBackend::with_buffer(pixels, size))
    }

    fn over(inner: BitMapBackend<'a>) -> anyhow::Result<Raster<'a>> {
        Ok(Raster {
            inner,
            regular: font::face(false)?,
            bold: font::face(true)?,
        })
    }
}

impl DrawingBackend for Raster<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Error> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (w, h): (u32, u32),
        src: &[u8],
    ) -> Result<(), Error> {
        self.inner.blit_bitmap(pos, (w, h), src)
    }

    /// Lays the glyphs out along a baseline with kerning and fractional advances, anchors
    /// them like SVG's `text-anchor` and `dy`, rotates if asked, and blends their coverage.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Error> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let face = if matches!(style.style(), FontStyle::Bold) {
            &self.bold
        } else {
            &self.regular
        };
        let em = style.size() as f32 * EM_PER_SIZE;
        let scale =
            PxScale::from(em * face.height_unscaled() / face.units_per_em().unwrap_or(2048.0));
        let scaled = face.as_scaled(scale);
        let mut advances = Vec::with_capacity(text.len());
        let mut width = 0.0;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                width += scaled.kern(p, id);
            }
            advances.push((id, width));
            width += scaled.h_advance(id);
            previous = Some(id);
        }
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.76 * em,
            VPos::Center => 0.5 * EX * em,
            VPos::Bottom => -0.5 * EX * em,
        };
        let transform = style.transform();
        let mut pixels = Vec::new();
        for (id, x) in advances {
            let glyph = id.with_scale_and_position(scale, point(x + dx, dy));
            if let Some(outline) = face.outline_glyph(glyph) {
                let min = outline.px_bounds().min;
                outline.draw(|gx, gy, coverage| {
                    let (x, y) = (min.x as i32 + gx as i32, min.y as i32 + gy as i32);
                    pixels.push((transform.transform(x, y), coverage));
                });
            }
        }
        for ((x, y), coverage) in pixels {
            let alpha = colour.alpha * f64::from(coverage.min(1.0));
            self.inner.draw_pixel(
                (pos.0 + x, pos.1 + y),
                BackendColor {
                    alpha,
                    rgb: colour.rgb,
                },
            )?;
        }
        Ok(())
    }
}
