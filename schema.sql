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
CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- @database cinemas @version 1
CREATE TABLE cinemas_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- @database bookings @version 1
CREATE TABLE bookings_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
