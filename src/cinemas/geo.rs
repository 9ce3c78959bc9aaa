//! Great-circle distance for nearby search.

/// Mean Earth radius, km.
const EARTH_RADIUS_KM: f64 = 6371.0;

/// Haversine distance between two (latitude, longitude) points in degrees, km.
pub fn haversine_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distances() {
        assert!(haversine_km(10.77, 106.70, 10.77, 106.70).abs() < 1e-9);
        // Ben Thanh Market (HCMC) to Hoan Kiem Lake (Hanoi): about 1,140 km.
        let d = haversine_km(10.7725, 106.6980, 21.0288, 105.8525);
        assert!((1130.0..1150.0).contains(&d), "{d}");
        // One degree of latitude is about 111.2 km anywhere.
        let d = haversine_km(0.0, 0.0, 1.0, 0.0);
        assert!((111.0..111.4).contains(&d), "{d}");
    }
}
