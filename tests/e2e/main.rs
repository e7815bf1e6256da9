//! End-to-end tests: each boots the real server and talks to it over HTTP
//! and websocket. Tests marked for both backends also run on PostgreSQL when
//! `XIESHANG_TEST_POSTGRES_URL` is set (CI always sets it).

mod agreements;
mod authorization;
mod browser;
mod calendar;
mod checks;
mod cli;
mod email;
mod evaluation;
mod events;
mod exports;
mod fixtures;
mod fuzz;
mod grades;
mod http;
mod identity;
mod input;
mod languages;
mod layoffs;
mod limits;
mod matrix;
mod offers;
mod organizations;
mod pages;
mod pagination;
mod plans;
mod related;
mod risk;
mod sessions;
mod severance;
mod smtp;
mod statements;
mod summaries;
mod support;
mod visibility;
mod websocket;
