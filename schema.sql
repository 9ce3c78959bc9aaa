-- MovieHub schema: one SQLite file per domain.
--
-- Each block below is headed `-- @database <name> @version <n>` and is applied once, in
-- one transaction, to <data_dir>/<name>.db when that file's `PRAGMA user_version` is lower
-- than <n>. To change a schema, append a new block with the next version; never edit a
-- block that has shipped. Domains never join across files: they refer to each other by id.
-- Money is integer VND. Times are RFC 3339 UTC text unless a column says otherwise.

-- @database users @version 1
CREATE TABLE users (
    id            TEXT PRIMARY KEY,                -- UUID v7
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,                   -- argon2id PHC string
    full_name     TEXT NOT NULL,
    phone         TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE permissions (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
) WITHOUT ROWID;

CREATE TABLE role_permissions (
    role_id       INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    permission_id INTEGER NOT NULL REFERENCES permissions(id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, permission_id)
) WITHOUT ROWID;

INSERT INTO permissions (name, description) VALUES
    ('movie:manage',      'Create, change and delete movies and genres'),
    ('cinema:manage',     'Cinemas, halls, seats and ticket prices'),
    ('showtime:manage',   'Schedule and cancel showtimes'),
    ('booking:create',    'Book seats for oneself'),
    ('booking:sell',      'Sell at the box office and see the site''s bookings'),
    ('booking:cancel',    'Cancel any booking'),
    ('refund:approve',    'Approve refunds above the threshold'),
    ('ticket:scan',       'Check tickets in at the door'),
    ('report:view',       'Sales, occupancy and cash-up reports'),
    ('promotion:manage',  'Promotion codes'),
    ('concession:manage', 'Concession items and stock'),
    ('user:manage',       'Accounts and roles');

INSERT INTO roles (name, description) VALUES
    ('admin',    'Chain administrator: everything'),
    ('manager',  'Site manager'),
    ('cashier',  'Box-office cashier'),
    ('usher',    'Door staff'),
    ('customer', 'Moviegoer');

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r, permissions p WHERE r.name = 'admin';

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r, permissions p
WHERE r.name = 'manager'
  AND (p.name LIKE '%:manage'
       OR p.name IN ('booking:sell', 'booking:cancel', 'refund:approve', 'report:view', 'ticket:scan'));

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r, permissions p
WHERE r.name = 'cashier' AND p.name IN ('booking:create', 'booking:sell', 'ticket:scan');

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r, permissions p
WHERE r.name = 'usher' AND p.name = 'ticket:scan';

INSERT INTO role_permissions (role_id, permission_id)
SELECT r.id, p.id FROM roles r, permissions p
WHERE r.name = 'customer' AND p.name = 'booking:create';

-- @database catalog @version 1
CREATE TABLE movies (
    id                 TEXT PRIMARY KEY,          -- UUID v7
    title              TEXT NOT NULL,
    original_title     TEXT,
    overview           TEXT NOT NULL DEFAULT '',
    poster_url         TEXT,
    trailer_url        TEXT,
    backdrop_url       TEXT,
    runtime_minutes    INTEGER NOT NULL CHECK (runtime_minutes BETWEEN 1 AND 600),
    release_date       TEXT NOT NULL,             -- YYYY-MM-DD
    age_rating         TEXT NOT NULL CHECK (age_rating IN ('P','K','T13','T16','T18','C')),
    original_language  TEXT NOT NULL DEFAULT '',
    spoken_languages   TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    production_country TEXT NOT NULL DEFAULT '',
    language_type      TEXT NOT NULL DEFAULT 'ORIGINAL'
                       CHECK (language_type IN ('ORIGINAL','SUBTITLE','DUBBED')),
    director           TEXT NOT NULL DEFAULT '',
    cast_json          TEXT NOT NULL DEFAULT '[]', -- JSON array of {name, role, image}
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX movies_release_date ON movies(release_date);

CREATE TABLE genres (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);

CREATE TABLE movie_genres (
    movie_id TEXT NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
    genre_id TEXT NOT NULL REFERENCES genres(id) ON DELETE CASCADE,
    PRIMARY KEY (movie_id, genre_id)
) WITHOUT ROWID;
CREATE INDEX movie_genres_genre ON movie_genres(genre_id);

CREATE TABLE movie_releases (
    id         TEXT PRIMARY KEY,
    movie_id   TEXT NOT NULL REFERENCES movies(id) ON DELETE CASCADE,
    start_date TEXT NOT NULL,                     -- YYYY-MM-DD
    end_date   TEXT,                              -- NULL: open-ended
    note       TEXT,
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX movie_releases_movie ON movie_releases(movie_id);

-- Full-text search. The store writes diacritics-folded text (Lật Mặt -> lat mat, Đ -> d), so
-- queries folded the same way match regardless of accents.
CREATE VIRTUAL TABLE movies_fts USING fts5(
    movie_id UNINDEXED, title, original_title, overview, director, cast_names,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- @database cinemas @version 1
CREATE TABLE cinemas (
    id          TEXT PRIMARY KEY,                 -- UUID v7
    name        TEXT NOT NULL,
    address     TEXT NOT NULL,
    city        TEXT NOT NULL,
    district    TEXT NOT NULL,
    latitude    REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude   REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    amenities   TEXT NOT NULL DEFAULT '[]',       -- JSON array of strings
    rating      REAL NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),
    timezone    TEXT,                             -- IANA; NULL = settings cinema.timezone
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE halls (
    id           TEXT PRIMARY KEY,
    cinema_id    TEXT NOT NULL REFERENCES cinemas(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    hall_type    TEXT NOT NULL CHECK (hall_type IN ('STANDARD','VIP','IMAX','FOUR_DX','PREMIUM')),
    layout_type  TEXT NOT NULL CHECK (layout_type IN ('STANDARD','DUAL_AISLE','STADIUM')),
    rows         INTEGER NOT NULL,
    grid_columns INTEGER NOT NULL,                -- seats + aisle gaps of the widest row
    capacity     INTEGER NOT NULL,                -- count of seat records, derived from the layout
    layout_json  TEXT NOT NULL,                   -- the layout description it was built from
    created_at   TEXT NOT NULL,
    UNIQUE (cinema_id, name)
);

CREATE TABLE seats (
    id           TEXT PRIMARY KEY,
    hall_id      TEXT NOT NULL REFERENCES halls(id) ON DELETE CASCADE,
    row_letter   TEXT NOT NULL,
    row_index    INTEGER NOT NULL,                -- 0 = front row
    seat_number  INTEGER NOT NULL,
    grid_column  INTEGER NOT NULL,                -- 0-based, counting aisle gaps
    seat_type    TEXT NOT NULL CHECK (seat_type IN ('STANDARD','VIP','COUPLE','PREMIUM','WHEELCHAIR')),
    status       TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','BROKEN','MAINTENANCE')),
    pair_seat_id TEXT REFERENCES seats(id) ON DELETE CASCADE, -- other half of a COUPLE seat
    UNIQUE (hall_id, row_letter, seat_number)
);
CREATE INDEX seats_hall ON seats(hall_id, row_index, seat_number);

CREATE TABLE ticket_pricing (
    hall_id    TEXT NOT NULL REFERENCES halls(id) ON DELETE CASCADE,
    seat_type  TEXT NOT NULL CHECK (seat_type IN ('STANDARD','VIP','COUPLE','PREMIUM','WHEELCHAIR')),
    day_type   TEXT NOT NULL CHECK (day_type IN ('WEEKDAY','WEEKEND','HOLIDAY')),
    price      INTEGER NOT NULL CHECK (price > 0), -- VND per seat place
    updated_at TEXT NOT NULL,
    PRIMARY KEY (hall_id, seat_type, day_type)
) WITHOUT ROWID;

CREATE TABLE holidays (
    date TEXT PRIMARY KEY,                        -- YYYY-MM-DD, local business date
    name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE showtimes (
    id            TEXT PRIMARY KEY,
    movie_id      TEXT NOT NULL,                  -- catalog.db movies.id (no cross-file FK)
    cinema_id     TEXT NOT NULL REFERENCES cinemas(id),
    hall_id       TEXT NOT NULL REFERENCES halls(id),
    start_time    TEXT NOT NULL,                  -- RFC 3339 UTC, whole minutes
    end_time      TEXT NOT NULL,                  -- start + runtime + cleaning gap
    format        TEXT NOT NULL CHECK (format IN ('2D','3D','IMAX','4DX')),
    language      TEXT NOT NULL,
    subtitles     TEXT NOT NULL DEFAULT '[]',     -- JSON array of strings
    day_type      TEXT NOT NULL CHECK (day_type IN ('WEEKDAY','WEEKEND','HOLIDAY')),
    total_seats   INTEGER NOT NULL,
    seats_taken   INTEGER NOT NULL DEFAULT 0,     -- sold + pending, fed by bookings
    cancelled_at  TEXT,
    cancel_reason TEXT,
    created_at    TEXT NOT NULL,
    CHECK (end_time > start_time)
);
CREATE INDEX showtimes_hall_start ON showtimes(hall_id, start_time);
CREATE INDEX showtimes_movie_start ON showtimes(movie_id, start_time);
CREATE INDEX showtimes_start ON showtimes(start_time);

-- @database catalog @version 2
-- Title sort key: the diacritics-folded, lower-case title (written by the store), so
-- "Đào, Phở và Piano" sorts among the D's instead of after Z. lower() is only an
-- approximation for rows written before this version; the next write of a movie fixes it.
ALTER TABLE movies ADD COLUMN sort_title TEXT NOT NULL DEFAULT '';
UPDATE movies SET sort_title = lower(title);
CREATE INDEX movies_sort_title ON movies(sort_title);
-- Genre names are unique regardless of case, including Vietnamese letters ("HOẠT HÌNH" is
-- "Hoạt hình"), which COLLATE NOCASE does not fold: the store writes the lower-cased name here.
ALTER TABLE genres ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE genres SET name_key = lower(name);
CREATE UNIQUE INDEX genres_name_key ON genres(name_key);

-- @database bookings @version 1
-- Everything that changes with a sale lives in this one file, so confirming a booking
-- (booking + seats + payment + tickets + outbox) is one transaction.
CREATE TABLE bookings (
    id              TEXT PRIMARY KEY,             -- UUID v7
    user_id         TEXT NOT NULL,                -- users.db id (no cross-file FK)
    showtime_id     TEXT NOT NULL,                -- cinemas.db id
    cinema_id       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('PENDING','CONFIRMED','COMPLETED','CANCELLED','EXPIRED')),
    channel         TEXT NOT NULL CHECK (channel IN ('ONLINE','BOX_OFFICE')),
    idempotency_key TEXT NOT NULL,
    subtotal        INTEGER NOT NULL CHECK (subtotal >= 0),
    discount        INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
    total           INTEGER NOT NULL CHECK (total >= 0),
    movie_title     TEXT NOT NULL DEFAULT '',     -- snapshot for tickets and lists
    hall_name       TEXT NOT NULL DEFAULT '',
    starts_at       TEXT NOT NULL,                -- showtime start, RFC 3339 UTC
    ends_at         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,                -- PENDING until then
    confirmed_at    TEXT,
    closed_at       TEXT,                         -- cancelled / expired / completed
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX bookings_pending_expiry ON bookings(expires_at) WHERE status = 'PENDING';
CREATE INDEX bookings_confirmed_end ON bookings(ends_at) WHERE status = 'CONFIRMED';
CREATE INDEX bookings_showtime ON bookings(showtime_id);
CREATE INDEX bookings_user ON bookings(user_id, created_at);

-- The sold-seat ledger: `active` is 1 while the booking is PENDING, CONFIRMED or COMPLETED.
-- The partial unique index makes a second active sale of a seat impossible, whatever the
-- in-memory holds say.
CREATE TABLE booking_seats (
    booking_id  TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    showtime_id TEXT NOT NULL,
    seat_id     TEXT NOT NULL,
    seat_label  TEXT NOT NULL,
    seat_type   TEXT NOT NULL,
    price       INTEGER NOT NULL CHECK (price >= 0),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    PRIMARY KEY (booking_id, seat_id)
);
CREATE UNIQUE INDEX booking_seats_one_active_sale ON booking_seats(showtime_id, seat_id) WHERE active = 1;

CREATE TABLE payments (
    id              TEXT PRIMARY KEY,
    booking_id      TEXT NOT NULL REFERENCES bookings(id),
    method          TEXT NOT NULL CHECK (method IN ('VNPAY','CASH','CARD')),
    status          TEXT NOT NULL CHECK (status IN ('PENDING','SUCCESS','FAILED','REFUND_REQUIRED','REFUNDED')),
    amount          INTEGER NOT NULL CHECK (amount >= 0),
    txn_ref         TEXT UNIQUE,                  -- VNPay vnp_TxnRef
    provider_txn_no TEXT,
    response_code   TEXT,
    bank_code       TEXT,
    pay_date        TEXT,
    tendered        INTEGER,                      -- cash handed over
    change_due      INTEGER,
    card_reference  TEXT,
    cashier_id      TEXT,
    note            TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX payments_booking ON payments(booking_id);
CREATE INDEX payments_refund_required ON payments(status) WHERE status = 'REFUND_REQUIRED';

CREATE TABLE tickets (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    booking_id  TEXT NOT NULL REFERENCES bookings(id),
    showtime_id TEXT NOT NULL,
    seat_id     TEXT NOT NULL,
    seat_label  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('VALID','USED','CANCELLED')),
    used_at     TEXT,
    used_door   TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX tickets_booking ON tickets(booking_id);

-- A scanner retrying the same scan (same nonce) gets the first answer back.
CREATE TABLE checkins (
    nonce       TEXT PRIMARY KEY,
    ticket_code TEXT,
    answer      TEXT NOT NULL,                    -- JSON of the first answer
    created_at  TEXT NOT NULL
);

-- Changes head office needs, written in the same transaction as the change.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,                     -- JSON
    created_at TEXT NOT NULL,
    sent_at    TEXT
);

-- @database bookings @version 2
-- Box-office tills. A cashier opens a till session with a float, every box-office payment
-- records the session it was taken in, and closing takes a blind count and stores the
-- cash-up (computed from the session's payments in the closing transaction).
CREATE TABLE till_sessions (
    id            TEXT PRIMARY KEY,               -- UUID v7
    cashier_id    TEXT NOT NULL,                  -- users.db id
    cinema_id     TEXT NOT NULL,                  -- cinemas.db id
    opened_at     TEXT NOT NULL,
    opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
    closed_at     TEXT,
    counted_cash  INTEGER CHECK (counted_cash >= 0),
    CHECK ((closed_at IS NULL) = (counted_cash IS NULL))
);
-- A cashier has at most one open till.
CREATE UNIQUE INDEX till_sessions_one_open ON till_sessions(cashier_id) WHERE closed_at IS NULL;

CREATE TABLE cash_ups (
    session_id    TEXT PRIMARY KEY REFERENCES till_sessions(id),
    cash_sales    INTEGER NOT NULL CHECK (cash_sales >= 0),
    card_sales    INTEGER NOT NULL CHECK (card_sales >= 0),
    cash_refunds  INTEGER NOT NULL DEFAULT 0 CHECK (cash_refunds >= 0), -- cash paid out of this till
    sale_count    INTEGER NOT NULL CHECK (sale_count >= 0),
    expected_cash INTEGER NOT NULL,               -- float + cash sales - cash refunds
    counted_cash  INTEGER NOT NULL CHECK (counted_cash >= 0),
    variance      INTEGER NOT NULL,               -- counted - expected (negative: short)
    closed_at     TEXT NOT NULL
);
CREATE INDEX cash_ups_closed ON cash_ups(closed_at);

ALTER TABLE payments ADD COLUMN till_session_id TEXT REFERENCES till_sessions(id);
CREATE INDEX payments_till_session ON payments(till_session_id) WHERE till_session_id IS NOT NULL;

-- @database users @version 2
-- Sessions: one row per issued access token (its `jti`), so signing out, a password change
-- or disabling an account ends tokens that would otherwise stay valid until they expire.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,                 -- the token's jti
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    issued_at  INTEGER NOT NULL,                 -- Unix seconds
    expires_at INTEGER NOT NULL,                 -- Unix seconds; the row may go after this
    revoked_at INTEGER                           -- Unix seconds; NULL = still valid
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- One counter that every change to who-may-do-what bumps, by trigger, whichever process
-- made it (the server or the CLI): a running server compares it with the version its
-- caches were filled at and drops them when it moved.
CREATE TABLE access_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO access_version (id, version) VALUES (1, 0);

CREATE TRIGGER access_role_granted AFTER INSERT ON user_roles
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_role_revoked AFTER DELETE ON user_roles
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_role_permissions_added AFTER INSERT ON role_permissions
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_role_permissions_removed AFTER DELETE ON role_permissions
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_user_deleted AFTER DELETE ON users
BEGIN UPDATE access_version SET version = version + 1; END;
CREATE TRIGGER access_session_revoked AFTER UPDATE OF revoked_at ON sessions
BEGIN UPDATE access_version SET version = version + 1; END;
-- A new password or a disabled account ends every session of that account.
CREATE TRIGGER access_credentials_changed AFTER UPDATE OF password_hash, disabled ON users
WHEN NEW.password_hash IS NOT OLD.password_hash OR NEW.disabled IS NOT OLD.disabled
BEGIN
    UPDATE sessions SET revoked_at = unixepoch()
     WHERE user_id = NEW.id AND revoked_at IS NULL;
    UPDATE access_version SET version = version + 1;
END;

-- @database bookings @version 3
-- The site's id (random, made once) and typed outbox rows: every row names the site it comes
-- from and the version of its payload. `seq` stays the outbox's gap-free sequence: writers
-- are serialized and a rolled-back insert takes its AUTOINCREMENT value back with it.
CREATE TABLE site (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    site_id TEXT NOT NULL
);
INSERT INTO site (id, site_id) VALUES (1, lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
    || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)
    || '-' || hex(randomblob(6))));
ALTER TABLE outbox ADD COLUMN site_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- Rows written before events were typed keep their old payloads: version 0.
UPDATE outbox SET site_id = (SELECT site_id FROM site), version = 0;

-- @database bookings @version 4
-- The rest of the basket: concessions (with their stock as a ledger of movements), promotion
-- codes (used once per confirmed booking) and the loyalty points ledger. All in this file,
-- so a sale's seats, popcorn, discount and points commit in one transaction.
CREATE TABLE concession_items (
    id          TEXT PRIMARY KEY,                 -- UUID v7
    kind        TEXT NOT NULL CHECK (kind IN ('FOOD','DRINK','COMBO','MERCHANDISE')),
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price       INTEGER NOT NULL CHECK (price >= 0),
    image_url   TEXT NOT NULL DEFAULT '',
    -- On hand. Changed only together with a stock_movements row; a combo has none of its own
    -- (selling one takes its parts).
    stock       INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    kcal        INTEGER CHECK (kcal >= 0),
    allergens   TEXT NOT NULL DEFAULT '',         -- comma-separated labels
    sort        INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX concession_items_name ON concession_items(lower(name));

CREATE TABLE combo_parts (
    combo_id TEXT NOT NULL REFERENCES concession_items(id) ON DELETE CASCADE,
    item_id  TEXT NOT NULL REFERENCES concession_items(id),
    qty      INTEGER NOT NULL CHECK (qty BETWEEN 1 AND 20),
    PRIMARY KEY (combo_id, item_id)
) WITHOUT ROWID;

-- Every change of stock, with who and why: never an overwrite.
CREATE TABLE stock_movements (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id     TEXT NOT NULL REFERENCES concession_items(id),
    delta       INTEGER NOT NULL CHECK (delta <> 0),
    reason      TEXT NOT NULL CHECK (reason IN ('INITIAL','RESTOCK','WRITE_OFF','SALE','RETURN')),
    stock_after INTEGER NOT NULL CHECK (stock_after >= 0),
    booking_id  TEXT,
    actor_id    TEXT,                             -- users.db id of who recorded it
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX stock_movements_item ON stock_movements(item_id, id);

-- What a booking sold besides seats, priced when it was booked.
CREATE TABLE booking_concessions (
    booking_id TEXT NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    item_id    TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    qty        INTEGER NOT NULL CHECK (qty >= 1),
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
    free       INTEGER NOT NULL DEFAULT 0 CHECK (free IN (0, 1)),   -- given by a FREE_ITEM code
    PRIMARY KEY (booking_id, item_id, free)
);

CREATE TABLE promotions (
    id             TEXT PRIMARY KEY,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL CHECK (kind IN ('PERCENTAGE','FIXED_AMOUNT','FREE_ITEM','POINTS')),
    value          INTEGER NOT NULL CHECK (value >= 0),   -- percent, VND or bonus points
    max_discount   INTEGER CHECK (max_discount >= 0),     -- PERCENTAGE cap
    free_item_id   TEXT REFERENCES concession_items(id),
    min_purchase   INTEGER NOT NULL DEFAULT 0 CHECK (min_purchase >= 0),
    valid_from     TEXT,                          -- YYYY-MM-DD in the cinema's time zone
    valid_to       TEXT,                          -- last valid day, inclusive
    cinema_ids     TEXT NOT NULL DEFAULT '[]',    -- JSON arrays; empty = all
    movie_ids      TEXT NOT NULL DEFAULT '[]',
    day_types      TEXT NOT NULL DEFAULT '[]',
    usage_limit    INTEGER CHECK (usage_limit >= 1),
    per_user_limit INTEGER CHECK (per_user_limit >= 1),
    used_count     INTEGER NOT NULL DEFAULT 0 CHECK (used_count >= 0),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (usage_limit IS NULL OR used_count <= usage_limit)
);
CREATE UNIQUE INDEX promotions_code ON promotions(upper(code));

-- One row per confirmed booking that used a code; returned_at set when it gave the use back.
CREATE TABLE promotion_uses (
    booking_id   TEXT PRIMARY KEY REFERENCES bookings(id),
    promotion_id TEXT NOT NULL REFERENCES promotions(id),
    user_id      TEXT NOT NULL,
    used_at      TEXT NOT NULL,
    returned_at  TEXT
);
CREATE INDEX promotion_uses_user ON promotion_uses(promotion_id, user_id) WHERE returned_at IS NULL;

-- The loyalty ledger: append-only; balance and tier are sums over it.
CREATE TABLE loyalty_entries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT NOT NULL,                     -- users.db id of the member
    kind       TEXT NOT NULL CHECK (kind IN ('EARN','REDEEM','RELEASE','BONUS','REVERSE')),
    points     INTEGER NOT NULL,                  -- signed: REDEEM and REVERSE are negative
    spend      INTEGER NOT NULL DEFAULT 0,        -- VND counted toward the tier (EARN +, REVERSE -)
    booking_id TEXT,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX loyalty_entries_user ON loyalty_entries(user_id, id);
CREATE UNIQUE INDEX loyalty_entries_once ON loyalty_entries(booking_id, kind) WHERE booking_id IS NOT NULL;

CREATE TABLE loyalty_tiers (
    name      TEXT PRIMARY KEY,
    min_spend INTEGER NOT NULL UNIQUE CHECK (min_spend >= 0)
) WITHOUT ROWID;
INSERT INTO loyalty_tiers (name, min_spend) VALUES
    ('BRONZE', 0), ('SILVER', 5000000), ('GOLD', 15000000), ('PLATINUM', 50000000);

CREATE TABLE loyalty_program (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    earn_percent       INTEGER NOT NULL CHECK (earn_percent BETWEEN 0 AND 100),
    point_value        INTEGER NOT NULL CHECK (point_value >= 1),         -- VND per point
    max_redeem_percent INTEGER NOT NULL CHECK (max_redeem_percent BETWEEN 0 AND 100)
);
INSERT INTO loyalty_program (id, earn_percent, point_value, max_redeem_percent) VALUES (1, 10, 1000, 50);

ALTER TABLE bookings ADD COLUMN promo_code TEXT;
ALTER TABLE bookings ADD COLUMN promotion_id TEXT;
ALTER TABLE bookings ADD COLUMN points_redeemed INTEGER NOT NULL DEFAULT 0 CHECK (points_redeemed >= 0);
ALTER TABLE bookings ADD COLUMN promo_discount INTEGER NOT NULL DEFAULT 0 CHECK (promo_discount >= 0); -- the code's part of discount
ALTER TABLE bookings ADD COLUMN member_id TEXT;     -- who earns and redeems points

-- @database users @version 3
-- A staff PIN (argon2id, like passwords) lets a manager approve an override at the kiosk
-- while the cashier stays signed in.
ALTER TABLE users ADD COLUMN pin_hash TEXT;

-- @database bookings @version 5
-- Refunds, the cashier's day and its close. The policy and the reasons are data; every
-- refund is one row with who asked, who approved and how the money went back; every cash
-- movement of a till is one row; a closed business day stores its Z-report and never changes.
CREATE TABLE refund_policy (
    min_minutes_before INTEGER PRIMARY KEY CHECK (min_minutes_before >= 0),
    percent            INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100)
) WITHOUT ROWID;
INSERT INTO refund_policy (min_minutes_before, percent) VALUES
    (1440, 90), (240, 70), (60, 50), (0, 0);

CREATE TABLE refund_reasons (
    code     TEXT PRIMARY KEY,
    label_vi TEXT NOT NULL,
    label_en TEXT NOT NULL,
    staff    INTEGER NOT NULL DEFAULT 0 CHECK (staff IN (0, 1)),  -- only staff may choose it
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) WITHOUT ROWID;
INSERT INTO refund_reasons (code, label_vi, label_en, staff) VALUES
    ('CHANGE_OF_PLANS', 'Thay đổi kế hoạch', 'Change of plans', 0),
    ('WRONG_SHOWTIME', 'Đặt nhầm suất chiếu', 'Booked the wrong showtime', 0),
    ('ILLNESS', 'Ốm / việc gia đình', 'Illness or family matter', 0),
    ('SALE_ERROR', 'Bán nhầm tại quầy', 'Box-office sale error', 1),
    ('COMPLAINT', 'Khiếu nại của khách', 'Customer complaint', 1),
    ('SHOWTIME_CANCELLED', 'Suất chiếu bị huỷ', 'Showtime cancelled', 1),
    ('LATE_PAYMENT', 'Thanh toán muộn, ghế đã bán', 'Paid late, seats resold', 1);

CREATE TABLE refunds (
    id               TEXT PRIMARY KEY,            -- UUID v7; also the gateway's idempotency key
    booking_id       TEXT NOT NULL REFERENCES bookings(id),
    payment_id       TEXT REFERENCES payments(id), -- the payment refunded (NULL: nothing was paid)
    cinema_id        TEXT NOT NULL DEFAULT '',
    method           TEXT NOT NULL CHECK (method IN ('VNPAY','CASH','CARD','NONE')),
    amount           INTEGER NOT NULL CHECK (amount >= 0),  -- money back, VND
    percent          INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100), -- of the seats
    points_returned  INTEGER NOT NULL DEFAULT 0 CHECK (points_returned >= 0),
    quote            TEXT NOT NULL,               -- JSON: the lines and why, as quoted
    reason_code      TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('AWAITING_APPROVAL','PENDING','SUCCEEDED','FAILED','REJECTED')),
    requested_by     TEXT NOT NULL,               -- users.db id
    approved_by      TEXT,
    approval_via     TEXT CHECK (approval_via IN ('SELF','PIN','PAGE')),
    approved_at      TEXT,
    till_session_id  TEXT REFERENCES till_sessions(id), -- cash out of this till
    card_reference   TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    provider_txn_no  TEXT,
    response_code    TEXT,
    day_id           TEXT,                        -- the business day whose Z-report counts it
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    completed_at     TEXT
);
-- A payment is refunded at most once (a rejected request does not count).
CREATE UNIQUE INDEX refunds_one_per_payment ON refunds(payment_id) WHERE status <> 'REJECTED';
CREATE UNIQUE INDEX refunds_one_open_per_booking ON refunds(booking_id)
    WHERE status IN ('AWAITING_APPROVAL','PENDING','FAILED');
CREATE INDEX refunds_status ON refunds(status, created_at);
CREATE INDEX refunds_booking ON refunds(booking_id);

-- Every cash movement of a till session: signed VND, into the drawer positive. The expected
-- cash at close is their sum.
CREATE TABLE till_movements (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES till_sessions(id),
    kind       TEXT NOT NULL CHECK (kind IN ('FLOAT','SALE','REFUND','DROP','PAY_IN','PAY_OUT')),
    amount     INTEGER NOT NULL,
    booking_id TEXT,
    payment_id TEXT,
    refund_id  TEXT,
    actor_id   TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK ((kind IN ('FLOAT','SALE','PAY_IN') AND amount >= 0)
        OR (kind IN ('REFUND','DROP','PAY_OUT') AND amount <= 0))
);
CREATE INDEX till_movements_session ON till_movements(session_id, id);
-- Tills opened before movements were recorded: their float and cash sales as movements.
INSERT INTO till_movements (session_id, kind, amount, actor_id, reason, created_at)
    SELECT id, 'FLOAT', opening_float, cashier_id, '', opened_at FROM till_sessions;
INSERT INTO till_movements (session_id, kind, amount, booking_id, payment_id, actor_id, created_at)
    SELECT till_session_id, 'SALE', amount, booking_id, id, COALESCE(cashier_id, ''), updated_at
      FROM payments WHERE method = 'CASH' AND status = 'SUCCESS' AND till_session_id IS NOT NULL;

ALTER TABLE cash_ups ADD COLUMN drops INTEGER NOT NULL DEFAULT 0;    -- cash taken to the safe (positive)
ALTER TABLE cash_ups ADD COLUMN pay_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cash_ups ADD COLUMN pay_outs INTEGER NOT NULL DEFAULT 0; -- positive
ALTER TABLE cash_ups ADD COLUMN day_id TEXT;
ALTER TABLE payments ADD COLUMN day_id TEXT;

-- A closed business day of one cinema: the Z-report as it was printed. Closing stamps the
-- payments, refunds and cash-ups it counted with its id, so nothing is counted twice and a
-- closed day's figures never move.
CREATE TABLE business_days (
    id            TEXT PRIMARY KEY,               -- UUID v7
    cinema_id     TEXT NOT NULL,
    business_date TEXT NOT NULL,                  -- YYYY-MM-DD in the cinema's time zone
    closed_at     TEXT NOT NULL,
    closed_by     TEXT NOT NULL,
    report        TEXT NOT NULL,                  -- JSON Z-report
    UNIQUE (cinema_id, business_date)
);
CREATE TRIGGER business_days_immutable BEFORE UPDATE ON business_days
BEGIN SELECT RAISE(ABORT, 'a closed business day is immutable'); END;
CREATE TRIGGER business_days_kept BEFORE DELETE ON business_days
BEGIN SELECT RAISE(ABORT, 'a closed business day is immutable'); END;
CREATE INDEX payments_unclosed ON payments(updated_at) WHERE day_id IS NULL;

-- @database central @version 1
-- Head office (server.role = "central"). Sites push their outbox rows here; each row is kept
-- as received (received_events, unique by site and sequence, so a retried batch changes
-- nothing) and projected into the tables the chain-wide figures read. A site's own data dir
-- has this file too, empty.
CREATE TABLE sites (
    id           TEXT PRIMARY KEY,                -- UUID v7, printed by `moviehub site add`
    name         TEXT NOT NULL UNIQUE,
    key_hex      TEXT NOT NULL,                   -- HMAC key derived from the secret (never the secret)
    disabled     INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    last_seq     INTEGER NOT NULL DEFAULT 0,      -- highest sequence applied
    rows_applied INTEGER NOT NULL DEFAULT 0,
    pending      INTEGER NOT NULL DEFAULT 0,      -- rows the site said it still had, at its last push
    last_push_at TEXT,
    created_at   TEXT NOT NULL
);

-- Signatures seen within the timestamp window: a replayed request is refused.
CREATE TABLE seen_signatures (
    signature TEXT PRIMARY KEY,
    seen_at   INTEGER NOT NULL                    -- unix seconds
) WITHOUT ROWID;

CREATE TABLE received_events (
    site_id     TEXT NOT NULL REFERENCES sites(id),
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (site_id, seq)
) WITHOUT ROWID;

CREATE TABLE c_bookings (
    site_id     TEXT NOT NULL,
    booking_id  TEXT NOT NULL,
    showtime_id TEXT NOT NULL,
    cinema_id   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    status      TEXT NOT NULL,
    seats       INTEGER NOT NULL,
    subtotal    INTEGER NOT NULL,
    discount    INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    movie_title TEXT NOT NULL DEFAULT '',
    hall_name   TEXT NOT NULL DEFAULT '',
    starts_at   TEXT NOT NULL DEFAULT '',
    member_id   TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (site_id, booking_id)
) WITHOUT ROWID;

CREATE TABLE c_concessions (
    site_id    TEXT NOT NULL,
    booking_id TEXT NOT NULL,
    line       INTEGER NOT NULL,
    item_id    TEXT NOT NULL,
    name       TEXT NOT NULL,
    qty        INTEGER NOT NULL,
    unit_price INTEGER NOT NULL,
    free       INTEGER NOT NULL,
    PRIMARY KEY (site_id, booking_id, line)
) WITHOUT ROWID;

CREATE TABLE c_payments (
    site_id    TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    booking_id TEXT NOT NULL,
    method     TEXT NOT NULL,
    status     TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (site_id, payment_id)
) WITHOUT ROWID;

CREATE TABLE c_refunds (
    site_id    TEXT NOT NULL,
    refund_id  TEXT NOT NULL,
    booking_id TEXT NOT NULL,
    method     TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    status     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (site_id, refund_id)
) WITHOUT ROWID;

CREATE TABLE c_checkins (
    site_id     TEXT NOT NULL,
    code        TEXT NOT NULL,
    showtime_id TEXT NOT NULL,
    used_at     TEXT NOT NULL,
    PRIMARY KEY (site_id, code)
) WITHOUT ROWID;

-- The chain's loyalty ledger: every site's own entries (CHAIN entries, a site's copy of the
-- other sites' figure, are not kept), and who each site's member is by e-mail.
CREATE TABLE c_loyalty (
    site_id     TEXT NOT NULL,
    entry_id    INTEGER NOT NULL,
    user_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    points      INTEGER NOT NULL,
    spend       INTEGER NOT NULL,
    booking_id  TEXT,
    received_at TEXT NOT NULL,
    change_id   INTEGER NOT NULL,                 -- in commit order: the sites' pull cursor
    PRIMARY KEY (site_id, entry_id)
) WITHOUT ROWID;
CREATE INDEX c_loyalty_change ON c_loyalty(change_id);

CREATE TABLE c_members (
    site_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    email   TEXT NOT NULL,                        -- lower case: the chain's member identity
    PRIMARY KEY (site_id, user_id)
) WITHOUT ROWID;
CREATE INDEX c_members_email ON c_members(email);

CREATE TABLE c_till_closes (
    site_id       TEXT NOT NULL,
    session_id    TEXT NOT NULL,
    cashier_id    TEXT NOT NULL,
    expected_cash INTEGER NOT NULL,
    counted_cash  INTEGER NOT NULL,
    variance      INTEGER NOT NULL,
    closed_at     TEXT NOT NULL,
    PRIMARY KEY (site_id, session_id)
) WITHOUT ROWID;

CREATE TABLE c_days (
    site_id       TEXT NOT NULL,
    day_id        TEXT NOT NULL,
    cinema_id     TEXT NOT NULL,
    business_date TEXT NOT NULL,
    report        TEXT NOT NULL,                  -- the Z-report as the site stored it
    PRIMARY KEY (site_id, day_id)
) WITHOUT ROWID;

-- The sites' showtimes that have bookings (for occupancy).
CREATE TABLE c_showtimes (
    site_id     TEXT NOT NULL,
    showtime_id TEXT NOT NULL,
    movie_title TEXT NOT NULL,
    hall_name   TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    capacity    INTEGER NOT NULL,
    PRIMARY KEY (site_id, showtime_id)
) WITHOUT ROWID;
CREATE INDEX c_bookings_showtime ON c_bookings(site_id, showtime_id);

CREATE INDEX c_payments_booking ON c_payments(site_id, booking_id);
CREATE INDEX c_refunds_booking ON c_refunds(site_id, booking_id);
CREATE INDEX c_loyalty_user ON c_loyalty(site_id, user_id);

-- @database bookings @version 6
-- What the site knows of its push to central (one row): errors and successes for
-- `moviehub sync status` and /api/health. Rows are marked sent (outbox.sent_at) only after
-- central acknowledged them.
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    acked_seq       INTEGER NOT NULL DEFAULT 0,
    last_success_at TEXT,
    last_error      TEXT,
    last_error_at   TEXT,
    pull_cursor     TEXT NOT NULL DEFAULT ''
);
INSERT INTO sync_state (id) VALUES (1);
CREATE INDEX outbox_unsent ON outbox(seq) WHERE sent_at IS NULL;

-- @database bookings @version 7
-- CHAIN ledger entries: what a member earned and spent at the chain's other sites, as head
-- office last said. SQLite cannot change a CHECK, so the ledger is rebuilt with the same rows.
CREATE TABLE loyalty_entries_v7 (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('EARN','REDEEM','RELEASE','BONUS','REVERSE','CHAIN')),
    points     INTEGER NOT NULL,
    spend      INTEGER NOT NULL DEFAULT 0,
    booking_id TEXT,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
INSERT INTO loyalty_entries_v7 (id, user_id, kind, points, spend, booking_id, note, created_at)
    SELECT id, user_id, kind, points, spend, booking_id, note, created_at FROM loyalty_entries;
DROP TABLE loyalty_entries;
ALTER TABLE loyalty_entries_v7 RENAME TO loyalty_entries;
CREATE INDEX loyalty_entries_user ON loyalty_entries(user_id, id);
CREATE UNIQUE INDEX loyalty_entries_once ON loyalty_entries(booking_id, kind) WHERE booking_id IS NOT NULL;
-- Where the pull of points stands: changes at head office after this, and accounts created
-- here after that.
ALTER TABLE sync_state ADD COLUMN loyalty_cursor TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_state ADD COLUMN promo_cursor TEXT NOT NULL DEFAULT '';
ALTER TABLE sync_state ADD COLUMN members_cursor TEXT NOT NULL DEFAULT '';
