-- A side whose signer is not a chief representative named in a
-- negotiation records the written delegation (书面委托) it signs under
-- (CCP Art. 37).
ALTER TABLE agreements ADD COLUMN workers_signed_delegation TEXT;
ALTER TABLE agreements ADD COLUMN employer_signed_delegation TEXT;
