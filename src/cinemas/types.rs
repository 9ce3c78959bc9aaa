//! Types of the cinemas domain as the API shows them.

use serde::{Deserialize, Serialize};

/// A closed set of codes stored as text: the enum, its code, parsing and serde by code.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $code:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $code $(, alias = $alias)*)] $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Code as stored and shown.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parse a code (or an accepted alias).
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($code $(| $alias)* => Some($name::$variant),)+ _ => None }
            }

            /// The codes, for error messages.
            pub fn codes() -> String {
                [$($code),+].join(", ")
            }
        }

        // By hand: the schema derive cannot read a code passed through this macro.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

code_enum!(
    /// Kind of hall.
    HallType {
        /// Ordinary hall.
        Standard = "STANDARD",
        /// Small luxury hall.
        Vip = "VIP",
        /// IMAX screen.
        Imax = "IMAX",
        /// Motion seats and effects.
        FourDx = "FOUR_DX" | "4DX",
        /// Premium large format.
        Premium = "PREMIUM",
    }
);

code_enum!(
    /// How the seating is arranged.
    LayoutType {
        /// One block or a centre aisle.
        Standard = "STANDARD",
        /// Two aisles.
        DualAisle = "DUAL_AISLE",
        /// Raked rows.
        Stadium = "STADIUM",
    }
);

code_enum!(
    /// Kind of seat; prices are per hall × seat type × day type.
    SeatType {
        /// Ordinary seat.
        Standard = "STANDARD",
        /// Better seat.
        Vip = "VIP",
        /// One half of a two-place couple seat (sold as a pair).
        Couple = "COUPLE",
        /// Premium seat.
        Premium = "PREMIUM",
        /// Wheelchair place.
        Wheelchair = "WHEELCHAIR",
    }
);

code_enum!(
    /// Physical condition of a seat, set by managers.
    SeatStatus {
        /// Usable.
        Active = "ACTIVE",
        /// Out of order.
        Broken = "BROKEN",
        /// Temporarily out for maintenance.
        Maintenance = "MAINTENANCE",
    }
);

code_enum!(
    /// Price band of a showtime's local start date.
    DayType {
        /// Monday to Friday.
        Weekday = "WEEKDAY",
        /// Saturday and Sunday.
        Weekend = "WEEKEND",
        /// A date in the holiday calendar (wins over WEEKEND).
        Holiday = "HOLIDAY",
    }
);

code_enum!(
    /// Projection format.
    Format {
        /// 2D.
        TwoD = "2D" | "TWO_D",
        /// 3D.
        ThreeD = "3D" | "THREE_D",
        /// IMAX (IMAX halls only).
        Imax = "IMAX",
        /// 4DX (FOUR_DX halls only).
        FourDx = "4DX" | "FOUR_DX",
    }
);

code_enum!(
    /// Where a showtime stands. CANCELLED and SOLD_OUT come from stored facts; the others
    /// follow the clock.
    ShowtimeStatus {
        /// Sales not open yet.
        Scheduled = "SCHEDULED",
        /// Tickets on sale (until the show ends).
        Selling = "SELLING",
        /// Selling window, no seat left.
        SoldOut = "SOLD_OUT",
        /// Cancelled by a manager.
        Cancelled = "CANCELLED",
        /// Over.
        Completed = "COMPLETED",
    }
);

/// A cinema.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Cinema {
    pub id: String,
    pub name: String,
    pub address: String,
    pub city: String,
    pub district: String,
    pub latitude: f64,
    pub longitude: f64,
    pub amenities: Vec<String>,
    pub rating: f64,
    /// Effective IANA time zone of the cinema's business dates.
    pub timezone: String,
    /// Hall types present (for filters and badges).
    pub hall_types: Vec<HallType>,
    /// Distance from the search point, when searching nearby.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    pub created_at: String,
    pub updated_at: String,
}

/// Create/replace body of a cinema.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCinema {
    pub name: String,
    pub address: String,
    pub city: String,
    pub district: String,
    pub latitude: f64,
    pub longitude: f64,
    #[serde(default)]
    pub amenities: Vec<String>,
    #[serde(default)]
    pub rating: f64,
    /// IANA time zone; absent = the site setting.
    #[serde(default)]
    pub timezone: Option<String>,
}

/// A hall (without its seats).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Hall {
    pub id: String,
    pub cinema_id: String,
    pub name: String,
    pub hall_type: HallType,
    pub layout_type: LayoutType,
    pub rows: u32,
    pub grid_columns: u32,
    /// Count of seat records (a couple seat is two).
    pub capacity: u32,
    pub created_at: String,
}

/// One seat record.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Seat {
    pub id: String,
    pub hall_id: String,
    pub row: String,
    pub row_index: u32,
    pub number: u32,
    /// 0-based grid column, counting aisle gaps.
    pub column: u32,
    pub seat_type: SeatType,
    pub status: SeatStatus,
    /// The other half of a couple seat.
    pub couple_with: Option<String>,
}

impl Seat {
    /// "E7".
    pub fn label(&self) -> String {
        format!("{}{}", self.row, self.number)
    }
}

/// A hall with its seats in grid order.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HallDetail {
    #[serde(flatten)]
    pub hall: Hall,
    pub seats: Vec<Seat>,
    pub prices: Vec<Price>,
}

/// One ticket price.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub seat_type: SeatType,
    pub day_type: DayType,
    /// VND per seat place.
    pub price: i64,
}

/// A holiday in the calendar.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: chrono::NaiveDate,
    pub name: String,
}

/// A showtime as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Showtime {
    pub id: String,
    pub movie_id: String,
    pub movie_title: String,
    pub cinema_id: String,
    pub hall_id: String,
    pub hall_name: String,
    pub hall_type: HallType,
    /// RFC 3339 UTC.
    pub start_time: String,
    /// Start + runtime + cleaning gap.
    pub end_time: String,
    /// Start in the cinema's time zone (RFC 3339 with offset).
    pub local_start: String,
    pub format: Format,
    pub language: String,
    pub subtitles: Vec<String>,
    pub day_type: DayType,
    pub status: ShowtimeStatus,
    pub total_seats: u32,
    pub available_seats: u32,
    /// Seats in active sales (pending or paid).
    pub seats_taken: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    /// Price per seat type for this showtime's day type (detail view only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prices: Option<std::collections::BTreeMap<SeatType, i64>>,
}
