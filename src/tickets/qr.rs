//! QR images of ticket payloads: SVG (for pages and e-mail) and PNG (for wallets and
//! printers). PNG is drawn from the module matrix with the small `png` crate rather than the
//! qrcode crate's `image` feature, which needs the much larger `image` crate.

use super::TicketsError;
use qrcode::render::svg;
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the symbol, as the QR standard requires.
pub const QR_QUIET_ZONE: u32 = 4;
/// Error correction for tickets: M (~15 %) survives scuffed paper and cracked phone screens
/// while keeping a ~170-character payload at version 9.
const EC_LEVEL: EcLevel = EcLevel::M;
/// Largest PNG module size in pixels.
const MAX_SCALE: u32 = 32;

fn encode(text: &str) -> Result<QrCode, TicketsError> {
    QrCode::with_error_correction_level(text.as_bytes(), EC_LEVEL).map_err(|e| match e {
        qrcode::types::QrError::DataTooLong => TicketsError::QrTooLong,
        other => TicketsError::Image(other.to_string()),
    })
}

/// The QR code of `text` as a standalone SVG document, `module_px` user units per module,
/// with the quiet zone; each dark module is one `M…` path segment.
pub fn qr_svg(text: &str, module_px: u32) -> Result<String, TicketsError> {
    if !(1..=MAX_SCALE).contains(&module_px) {
        return Err(TicketsError::Image(format!(
            "module size must be 1 to {MAX_SCALE}"
        )));
    }
    Ok(encode(text)?
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(module_px, module_px)
        .build())
}

/// The QR code of `text` as a 1-bit greyscale PNG, `scale` pixels per module (1–32), with
/// the quiet zone: `(modules + 8) × scale` pixels square.
pub fn qr_png(text: &str, scale: u32) -> Result<Vec<u8>, TicketsError> {
    if !(1..=MAX_SCALE).contains(&scale) {
        return Err(TicketsError::Image(format!(
            "scale must be 1 to {MAX_SCALE}"
        )));
    }
    let code = encode(text)?;
    let modules =
        u32::try_from(code.width()).map_err(|_| TicketsError::Image("symbol too wide".into()))?;
    let colors = code.to_colors();
    let side = (modules + 2 * QR_QUIET_ZONE) * scale;
    let row_bytes = side.div_ceil(8) as usize;
    // 1 bit per pixel, most significant bit first, 1 = white: start all white, clear dark.
    let mut pixels = vec![0xffu8; row_bytes * side as usize];
    for (i, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let i = i as u32;
        let (mx, my) = (i % modules + QR_QUIET_ZONE, i / modules + QR_QUIET_ZONE);
        for y in my * scale..(my + 1) * scale {
            for x in mx * scale..(mx + 1) * scale {
                let byte = y as usize * row_bytes + (x / 8) as usize;
                pixels[byte] &= !(0x80 >> (x % 8));
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    let mut writer = encoder
        .write_header()
        .map_err(|e| TicketsError::Image(e.to_string()))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| TicketsError::Image(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| TicketsError::Image(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "MH1.AUNBU0RFRkdISktMTU5PUFFSU1RVVldYWVowMTIzNDU2Nzg5.c2lnbmF0dXJl";

    fn matrix(text: &str) -> (usize, Vec<bool>) {
        let code = encode(text).expect("fits");
        let dark = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
        (code.width(), dark)
    }

    #[test]
    fn svg_draws_exactly_the_dark_modules() {
        let (width, dark) = matrix(TEXT);
        let svg = qr_svg(TEXT, 4).expect("svg");
        let side = (width + 8) * 4;
        assert!(
            svg.contains(&format!(r#"width="{side}" height="{side}""#)),
            "{svg}"
        );
        let path = svg.split(r#" d=""#).nth(1).expect("path data");
        let segments = path.matches('M').count();
        assert_eq!(segments, dark.iter().filter(|d| **d).count());
        // The top-left finder pattern's corner module is dark, drawn after the quiet zone.
        assert!(dark[0]);
        assert!(path.starts_with("M16 16h4v4"), "{}", &path[..20]);
    }

    #[test]
    fn png_decodes_to_the_matrix() {
        let scale = 3;
        let bytes = qr_png(TEXT, scale).expect("png");
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("header");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("frame");
        let (width, dark) = matrix(TEXT);
        let side = (width as u32 + 8) * scale;
        assert_eq!((info.width, info.height), (side, side));
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        let px = |x: u32, y: u32| buf[(y * info.line_size as u32 + x) as usize];
        for my in 0..width {
            for mx in 0..width {
                let expect = if dark[my * width + mx] { 0 } else { 255 };
                for (dx, dy) in [(0, 0), (scale - 1, scale - 1)] {
                    let x = (mx as u32 + 4) * scale + dx;
                    let y = (my as u32 + 4) * scale + dy;
                    assert_eq!(px(x, y), expect, "module ({mx},{my})");
                }
            }
        }
        // The quiet zone is white all round.
        for i in 0..side {
            assert_eq!(px(i, 0), 255);
            assert_eq!(px(0, i), 255);
            assert_eq!(px(i, side - 1), 255);
            assert_eq!(px(side - 1, i), 255);
        }
    }

    #[test]
    fn sizes_and_limits() {
        assert!(qr_png(TEXT, 0).is_err());
        assert!(qr_png(TEXT, 33).is_err());
        assert!(qr_svg(TEXT, 0).is_err());
        assert!(matches!(
            qr_svg(&"x".repeat(5000), 4),
            Err(TicketsError::QrTooLong)
        ));
        assert!(matches!(
            qr_png(&"x".repeat(5000), 4),
            Err(TicketsError::QrTooLong)
        ));
    }
}
