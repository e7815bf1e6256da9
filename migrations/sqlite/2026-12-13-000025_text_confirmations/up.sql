-- Confirmed text digests: the SHA-256 of a text's canonical form (an offer
-- letter, a written response, an agreement's text) as the other side
-- confirmed receiving it, or as a chief signed it. A later change of the
-- text changes its digest, and an older confirmation no longer matches.
CREATE TABLE text_confirmations (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER REFERENCES offers (id),
    agreement_id INTEGER REFERENCES agreements (id),
    text TEXT NOT NULL CHECK (text IN ('OFFER_LETTER', 'OFFER_RESPONSE', 'AGREEMENT_TEXT')),
    side TEXT NOT NULL CHECK (side IN ('WORKERS', 'EMPLOYER')),
    digest TEXT NOT NULL CHECK (length(digest) = 64),
    -- The chief who signed with it; null for a confirmation of receipt.
    signer TEXT,
    confirmed_by_user_id INTEGER REFERENCES users (id),
    confirmed_at TIMESTAMP NOT NULL,
    CHECK ((offer_id IS NULL) <> (agreement_id IS NULL))
);
CREATE INDEX text_confirmations_offer ON text_confirmations (offer_id);
CREATE INDEX text_confirmations_agreement ON text_confirmations (agreement_id);
