-- Amtsbote on PostgreSQL, schema 1. Everything a person wrote or the bot
-- answered is in "sealed" bytea columns: OpenPGP packets sealed with the
-- conversation's session key (conv_keys.wrapped, wrapped to the portal key).
-- Addresses, message ids and channel-state keys are HMACs (bytea "mac"
-- columns) under the index key, which meta holds sealed to the portal key.
-- Plaintext columns hold ids, references, statuses and times only.

CREATE TABLE meta (
    name  text PRIMARY KEY,
    value bytea NOT NULL
);

CREATE TABLE conv_keys (
    conversation text PRIMARY KEY,
    wrapped      bytea NOT NULL
);

CREATE TABLE conversations (
    id         text PRIMARY KEY,
    channel    text NOT NULL,
    language   text NOT NULL DEFAULT '',
    service    text NOT NULL DEFAULT '',
    waiting    boolean NOT NULL DEFAULT false,
    department text NOT NULL DEFAULT '',
    created    timestamptz NOT NULL,
    updated    timestamptz NOT NULL,
    last_seq   bigint NOT NULL DEFAULT 0, -- the transcript's last Seq, bumped under the conversation's lock
    sealed     bytea NOT NULL             -- seal.ConvSecret: address and dialog state
);
CREATE INDEX conversations_updated ON conversations (updated);
CREATE INDEX conversations_waiting ON conversations (id) WHERE waiting;

CREATE TABLE endpoints (
    mac          bytea PRIMARY KEY, -- MAC("ep", channel, address)
    conversation text NOT NULL
);
CREATE INDEX endpoints_conversation ON endpoints (conversation);

CREATE TABLE transcript (
    conversation text NOT NULL,
    seq          bigint NOT NULL,
    at           timestamptz NOT NULL,
    kind         text NOT NULL,
    sealed       bytea NOT NULL,
    PRIMARY KEY (conversation, seq)
);

CREATE TABLE dedupe (
    mac          bytea PRIMARY KEY, -- MAC("msg", channel message id)
    conversation text NOT NULL,
    at           timestamptz NOT NULL
);
CREATE INDEX dedupe_at ON dedupe (at);
CREATE INDEX dedupe_conversation ON dedupe (conversation);

-- One sequence for the ids of every channel's items (formatted %016x), so
-- ids are unique across channels and nodes.
CREATE SEQUENCE outbox_seq;
CREATE TABLE outbox (
    id           bigint PRIMARY KEY DEFAULT nextval('outbox_seq'),
    channel      text NOT NULL,
    conversation text NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    created      timestamptz NOT NULL,
    next_at      timestamptz NOT NULL,
    scheduled    boolean NOT NULL DEFAULT false, -- written for later (a reminder): holds back nothing
    sealed       bytea NOT NULL                  -- seal.OutboxSecret: address and body
    -- A lease for several senders (leased_by, leased_until, taken with
    -- FOR UPDATE SKIP LOCKED) is a later migration's column pair.
);
ALTER SEQUENCE outbox_seq OWNED BY outbox.id;
CREATE INDEX outbox_due ON outbox (channel, next_at);
CREATE INDEX outbox_holds ON outbox (channel, conversation, id) WHERE NOT scheduled;
CREATE INDEX outbox_conversation ON outbox (conversation);

CREATE TABLE dead_letters (
    id           bigint PRIMARY KEY,
    channel      text NOT NULL,
    conversation text NOT NULL,
    attempts     integer NOT NULL,
    created      timestamptz NOT NULL,
    failed       timestamptz NOT NULL,
    sealed       bytea NOT NULL,
    reason       bytea -- sealed: errors may quote addresses
);
CREATE INDEX dead_letters_conversation ON dead_letters (conversation);

CREATE TABLE cases (
    ref          text PRIMARY KEY,
    service      text NOT NULL,
    status       text NOT NULL,
    conversation text NOT NULL,
    created      timestamptz NOT NULL,
    department   text NOT NULL DEFAULT '',
    sealed       bytea NOT NULL, -- the answers
    review       bytea,          -- sealed review note
    secret_mac   bytea
);
CREATE INDEX cases_conversation ON cases (conversation);
CREATE INDEX cases_service ON cases (service);
CREATE INDEX cases_created ON cases (created);

CREATE TABLE case_history (
    id          bigserial PRIMARY KEY,
    ref         text NOT NULL,
    at          timestamptz NOT NULL,
    actor       text NOT NULL DEFAULT '',
    from_status text NOT NULL DEFAULT '',
    status      text NOT NULL,
    field       text NOT NULL DEFAULT '',
    amended     text[],
    note        bytea -- sealed
);
CREATE INDEX case_history_ref ON case_history (ref, id);

CREATE TABLE bookings (
    ref          text PRIMARY KEY,
    office       text NOT NULL,
    service      text NOT NULL DEFAULT '',
    department   text NOT NULL DEFAULT '',
    start_at     timestamptz NOT NULL,
    end_at       timestamptz NOT NULL,
    slots        timestamptz[] NOT NULL,
    status       text NOT NULL,
    rev          bigint NOT NULL,
    conversation text NOT NULL,
    created      timestamptz NOT NULL,
    updated      timestamptz NOT NULL,
    secret_mac   bytea,
    sealed       bytea,  -- Personal
    reminder_id  bigint  -- its outbox item, while not sent
);
CREATE INDEX bookings_conversation ON bookings (conversation);

-- The slots the bookings in a holding status occupy.
CREATE TABLE booking_slots (
    office text NOT NULL,
    slot   timestamptz NOT NULL,
    ref    text NOT NULL,
    PRIMARY KEY (office, slot, ref)
);

CREATE TABLE channel_state (
    mac    bytea PRIMARY KEY, -- MAC("state", channel, key)
    sealed bytea NOT NULL     -- encrypted to the portal key
);

CREATE TABLE staff_accounts (
    username text PRIMARY KEY, -- lower case
    account  jsonb NOT NULL
);

CREATE TABLE staff_sessions (
    id       text PRIMARY KEY, -- SHA-256 of the cookie's token
    username text NOT NULL,
    expires  timestamptz NOT NULL,
    session  jsonb NOT NULL
);

CREATE TABLE staff_logins (
    username     text PRIMARY KEY, -- lower case
    count        integer NOT NULL DEFAULT 0,
    last         timestamptz,
    locked_until timestamptz
);

CREATE TABLE departments (
    id         text PRIMARY KEY,
    department jsonb NOT NULL
);

CREATE SEQUENCE canned_seq;
CREATE TABLE canned_replies (
    id         text PRIMARY KEY,
    department text NOT NULL DEFAULT '',
    title      text NOT NULL,
    text       text NOT NULL
);

CREATE TABLE staff_conversations (
    id         text PRIMARY KEY,
    department text NOT NULL DEFAULT '',
    since      timestamptz,
    reason     text NOT NULL DEFAULT '',
    agent      text NOT NULL DEFAULT '',
    claimed    timestamptz
);

CREATE TABLE notes (
    seq          bigserial PRIMARY KEY,
    conversation text NOT NULL,
    sealed       bytea NOT NULL
);
CREATE INDEX notes_conversation ON notes (conversation, seq);

CREATE TABLE audit (
    seq    bigserial PRIMARY KEY,
    at     timestamptz NOT NULL,
    actor  text NOT NULL,
    action text NOT NULL,
    object text NOT NULL
);
