//! Demo movies: Vietnamese and international titles across every age rating, some showing
//! now and some coming soon. Dates are relative to the clock's business date, so the demo
//! stays current whenever it is loaded.

use super::Catalog;
use super::{AgeRating, CastMember, LanguageType, MovieBrief, NewMovie, Release};
use chrono::{Duration, NaiveDate};

/// Where a demo movie's run sits relative to today.
enum Run {
    /// Opened `ago` days ago; closes in `left` days (None: open-ended).
    Showing { ago: i64, left: Option<i64> },
    /// Opens in this many days, for four weeks.
    Soon(i64),
    /// Never released here (release date this many days ago, no window).
    Withheld(i64),
}

struct Demo {
    title: &'static str,
    original: Option<&'static str>,
    overview: &'static str,
    runtime: u32,
    rating: AgeRating,
    lang: &'static str,
    country: &'static str,
    ltype: LanguageType,
    director: &'static str,
    cast: &'static [(&'static str, &'static str)],
    genres: &'static [&'static str],
    run: Run,
}

use AgeRating::*;
use LanguageType::*;

#[rustfmt::skip]
const MOVIES: [Demo; 14] = [
    Demo {
        title: "Lật Mặt 7: Một Điều Ước",
        original: None,
        overview: "Bà Hai, một người mẹ già ở quê, giấu các con chuyện mình bị tai nạn. Năm người con, mỗi người một cuộc sống riêng, phải quyết định ai sẽ về chăm mẹ — và điều ước cuối cùng của bà là gì.",
        runtime: 138, rating: K, lang: "vi", country: "Vietnam", ltype: Original,
        director: "Lý Hải",
        cast: &[("Thanh Hiền", "Bà Hai"), ("Trương Minh Cường", "Hai"), ("Đinh Y Nhung", "Ba"), ("Quách Ngọc Tuyên", "Năm")],
        genres: &["Drama", "Family"],
        run: Run::Showing { ago: 12, left: Some(16) },
    },
    Demo {
        title: "Mai",
        original: None,
        overview: "Mai, một nhân viên massage mang quá khứ nặng nề, gặp Dương — chàng nhạc công trẻ vô tư sống cùng khu chung cư. Tình yêu của họ phải đối mặt với định kiến và những vết thương chưa lành.",
        runtime: 131, rating: T18, lang: "vi", country: "Vietnam", ltype: Original,
        director: "Trấn Thành",
        cast: &[("Phương Anh Đào", "Mai"), ("Tuấn Trần", "Dương"), ("Trấn Thành", "Ông Lễ"), ("Hồng Đào", "Bà Ngọc"), ("Uyển Ân", "Mai lúc nhỏ")],
        genres: &["Drama", "Romance"],
        run: Run::Showing { ago: 20, left: Some(10) },
    },
    Demo {
        title: "Đào, Phở và Piano",
        original: None,
        overview: "Hà Nội, mùa đông 1946. Giữa những ngày đầu Toàn quốc kháng chiến, một anh dân quân và một tiểu thư đất Hà thành gặp nhau bên cây đàn piano trong căn biệt thự bỏ hoang, khi thành phố sống những ngày cuối trước cuộc rút quân.",
        runtime: 100, rating: T13, lang: "vi", country: "Vietnam", ltype: Original,
        director: "Phi Tiến Sơn",
        cast: &[("Doãn Quốc Đam", "Văn Dân"), ("Cao Thùy Linh", "Thục Hương"), ("Trần Lực", "Ông Ngãi")],
        genres: &["History", "War", "Drama"],
        run: Run::Showing { ago: 5, left: None },
    },
    Demo {
        title: "Những Mảnh Ghép Cảm Xúc 2",
        original: Some("Inside Out 2"),
        overview: "Riley is thirteen, and headquarters is being demolished to make room for new emotions. Joy, Sadness, Anger, Fear and Disgust are not sure how to feel when Anxiety shows up with a plan.",
        runtime: 96, rating: P, lang: "en", country: "United States", ltype: Dubbed,
        director: "Kelsey Mann",
        cast: &[("Amy Poehler", "Joy"), ("Maya Hawke", "Anxiety"), ("Phyllis Smith", "Sadness"), ("Lewis Black", "Anger")],
        genres: &["Animation", "Family", "Comedy"],
        run: Run::Showing { ago: 9, left: Some(21) },
    },
    Demo {
        title: "Dune: Hành Tinh Cát – Phần Hai",
        original: Some("Dune: Part Two"),
        overview: "Paul Atreides unites with Chani and the Fremen on a path of revenge against the conspirators who destroyed his family, while a terrible future only he can foresee draws closer.",
        runtime: 166, rating: T13, lang: "en", country: "United States", ltype: Subtitle,
        director: "Denis Villeneuve",
        cast: &[("Timothée Chalamet", "Paul Atreides"), ("Zendaya", "Chani"), ("Rebecca Ferguson", "Lady Jessica"), ("Austin Butler", "Feyd-Rautha")],
        genres: &["Sci-Fi", "Adventure"],
        run: Run::Showing { ago: 15, left: Some(6) },
    },
    Demo {
        title: "Deadpool & Wolverine",
        original: None,
        overview: "A listless Wade Wilson is pulled out of civilian life by the Time Variance Authority and must recruit a very reluctant Wolverine to save his universe.",
        runtime: 128, rating: T18, lang: "en", country: "United States", ltype: Subtitle,
        director: "Shawn Levy",
        cast: &[("Ryan Reynolds", "Deadpool"), ("Hugh Jackman", "Wolverine"), ("Emma Corrin", "Cassandra Nova")],
        genres: &["Action", "Comedy"],
        run: Run::Showing { ago: 3, left: Some(25) },
    },
    Demo {
        title: "Kẻ Ăn Hồn",
        original: None,
        overview: "Làng Địa Linh liên tiếp có người chết bí ẩn, mỗi lần đều để lại một lá bùa lạ. Hoàng, một anh chàng từ phương xa, tìm đến và phát hiện lời nguyền gắn với món canh ngải và kẻ tu luyện ăn hồn người.",
        runtime: 98, rating: T16, lang: "vi", country: "Vietnam", ltype: Original,
        director: "Trần Hữu Tấn",
        cast: &[("Hoàng Hà", "Tuyết"), ("Võ Điền Gia Huy", "Hoàng"), ("Nghệ sĩ Lạc Hoàng Long", "Thầy Trạc")],
        genres: &["Horror", "Mystery"],
        run: Run::Showing { ago: 2, left: None },
    },
    Demo {
        title: "Godzilla x Kong: Đế Chế Mới",
        original: Some("Godzilla x Kong: The New Empire"),
        overview: "Kong and Godzilla must face a colossal threat hidden deep within Hollow Earth, one that endangers both their kind and ours.",
        runtime: 115, rating: T13, lang: "en", country: "United States", ltype: Subtitle,
        director: "Adam Wingard",
        cast: &[("Rebecca Hall", "Ilene Andrews"), ("Brian Tyree Henry", "Bernie Hayes"), ("Dan Stevens", "Trapper")],
        genres: &["Action", "Sci-Fi"],
        run: Run::Showing { ago: 25, left: Some(2) },
    },
    Demo {
        title: "Wicked",
        original: None,
        overview: "Long before Dorothy drops in, Elphaba, a misunderstood young woman with emerald skin, and Galinda, a privileged and popular student, meet at Shiz University in the Land of Oz.",
        runtime: 160, rating: K, lang: "en", country: "United States", ltype: Subtitle,
        director: "Jon M. Chu",
        cast: &[("Cynthia Erivo", "Elphaba"), ("Ariana Grande", "Galinda"), ("Jonathan Bailey", "Fiyero")],
        genres: &["Musical", "Fantasy"],
        run: Run::Soon(3),
    },
    Demo {
        title: "Hành Trình Của Moana 2",
        original: Some("Moana 2"),
        overview: "After an unexpected call from her wayfinding ancestors, Moana sails beyond the far seas of Oceania with Maui and a new crew, into waters no one has charted.",
        runtime: 100, rating: P, lang: "en", country: "United States", ltype: Dubbed,
        director: "David Derrick Jr.",
        cast: &[("Auliʻi Cravalho", "Moana"), ("Dwayne Johnson", "Maui")],
        genres: &["Animation", "Adventure", "Family"],
        run: Run::Soon(5),
    },
    Demo {
        title: "Võ Sĩ Giác Đấu II",
        original: Some("Gladiator II"),
        overview: "Years after Maximus, Lucius is taken captive when Rome conquers his home and must fight in the Colosseum, where the fate of the empire is decided by blood.",
        runtime: 148, rating: T18, lang: "en", country: "United Kingdom", ltype: Subtitle,
        director: "Ridley Scott",
        cast: &[("Paul Mescal", "Lucius"), ("Denzel Washington", "Macrinus"), ("Pedro Pascal", "Marcus Acacius")],
        genres: &["Action", "History"],
        run: Run::Soon(8),
    },
    Demo {
        title: "Công Tử Bạc Liêu",
        original: None,
        overview: "Chuyện đời Ba Huy — cậu công tử nổi danh xứ Bạc Liêu đầu thế kỷ XX, tiêu tiền như nước, đốt tiền nấu trứng — và những người đã ở bên cậu qua thăng trầm của một gia tộc giàu nhất Nam Kỳ.",
        runtime: 113, rating: T13, lang: "vi", country: "Vietnam", ltype: Original,
        director: "Lý Minh Thắng",
        cast: &[("Song Luân", "Ba Huy"), ("Công Ninh", "Hội đồng Trạch"), ("Ninh Dương Lan Ngọc", "Cô Tư")],
        genres: &["Comedy", "Drama"],
        run: Run::Soon(12),
    },
    Demo {
        title: "Nosferatu",
        original: None,
        overview: "A young estate agent travels to the Carpathians to close a sale, and brings back a horror obsessed with his wife Ellen that follows them home to Wisborg.",
        runtime: 132, rating: T18, lang: "en", country: "United States", ltype: Subtitle,
        director: "Robert Eggers",
        cast: &[("Bill Skarsgård", "Count Orlok"), ("Lily-Rose Depp", "Ellen Hutter"), ("Nicholas Hoult", "Thomas Hutter")],
        genres: &["Horror", "Fantasy"],
        run: Run::Soon(30),
    },
    Demo {
        title: "Vùng Tối",
        original: Some("The Dark Zone"),
        overview: "Một bộ phim kinh dị độc lập về nhóm phượt thủ mắc kẹt trong hang động biên giới. Hội đồng thẩm định từ chối cấp phép phổ biến vì nhiều cảnh bạo lực cực đoan, nên phim không được chiếu tại rạp.",
        runtime: 94, rating: C, lang: "vi", country: "Vietnam", ltype: Original,
        director: "Nguyễn Hoàng Nam",
        cast: &[("Lê Minh Khôi", "Khôi"), ("Phạm Thu Trang", "Trang")],
        genres: &["Horror"],
        run: Run::Withheld(40),
    },
];

impl Demo {
    fn new_movie(&self, today: NaiveDate) -> NewMovie {
        let day = |offset: i64| today + Duration::days(offset);
        let (release_date, releases) = match self.run {
            Run::Showing { ago, left } => (day(-ago), vec![(day(-ago), left.map(day))]),
            Run::Soon(days) => (day(days), vec![(day(days), Some(day(days + 27)))]),
            Run::Withheld(ago) => (day(-ago), vec![]),
        };
        NewMovie {
            title: self.title.into(),
            original_title: self.original.map(str::to_string),
            overview: self.overview.into(),
            poster_url: None,
            trailer_url: None,
            backdrop_url: None,
            runtime_minutes: self.runtime,
            release_date,
            age_rating: self.rating,
            original_language: self.lang.into(),
            spoken_languages: vec![self.lang.into()],
            production_country: self.country.into(),
            language_type: self.ltype,
            director: self.director.into(),
            cast: self
                .cast
                .iter()
                .map(|(name, role)| CastMember {
                    name: (*name).into(),
                    role: Some((*role).into()),
                    image: None,
                })
                .collect(),
            genres: self.genres.iter().map(|g| (*g).to_string()).collect(),
            releases: releases
                .into_iter()
                .map(|(start_date, end_date)| Release {
                    id: String::new(),
                    start_date,
                    end_date,
                    note: None,
                })
                .collect(),
        }
    }
}

/// Load the demo movies. Returns every movie created, those showing today first (in the
/// order above), then coming soon, then the one never released; `Catalog::now_showing`
/// gives exactly the showing ones.
pub async fn seed(catalog: &Catalog) -> Result<Vec<MovieBrief>, String> {
    let today = catalog.today();
    let catalog = catalog.unmanaged();
    let mut out = Vec::with_capacity(MOVIES.len());
    for demo in &MOVIES {
        let m = catalog
            .create(demo.new_movie(today))
            .await
            .map_err(|e| format!("demo movie {}: {e}", demo.title))?;
        out.push(MovieBrief {
            id: m.id,
            title: m.title,
            runtime_minutes: m.runtime_minutes,
            age_rating: m.age_rating,
            poster_url: m.poster_url,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_movie_is_valid_and_showing_ones_come_first() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let mut seen_other = false;
        for d in &MOVIES {
            super::super::service::validate(d.new_movie(today)).expect(d.title);
            let showing = matches!(d.run, Run::Showing { .. });
            assert!(!(showing && seen_other), "{} is out of order", d.title);
            seen_other |= !showing;
        }
    }
}
