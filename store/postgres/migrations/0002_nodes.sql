-- Several nodes on one database.

-- The last case number handed out per prefix and year: every node counts
-- on from it, so that two nodes never give out one reference.
CREATE TABLE case_counters (
    prefix text    NOT NULL,
    year   integer NOT NULL,
    last   bigint  NOT NULL,
    PRIMARY KEY (prefix, year)
);

-- The lease of an outbox item: the node sending it and until when. A node
-- that dies mid-send leaves the item to another when the lease runs out.
-- node is the node whose turn wrote the item: it sends it, others only
-- when it is overdue (the node died before taking it).
ALTER TABLE outbox ADD COLUMN leased_by text, ADD COLUMN leased_until timestamptz, ADD COLUMN node text;

-- Replies shown on one node's web connections, kept a short while for the
-- other nodes to show on theirs (the notification carries the id only).
CREATE TABLE fanout (
    id           bigserial PRIMARY KEY,
    node         text NOT NULL,
    channel      text NOT NULL,
    conversation text NOT NULL,
    created      timestamptz NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    sealed       bytea NOT NULL -- the outbox item's, sealed with the conversation's key
);
CREATE INDEX fanout_conversation ON fanout (conversation);
