DROP TABLE text_confirmations;
