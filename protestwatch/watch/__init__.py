"""Live monitoring: poll feeds (`rounds.run_round`), fetching politely (`fetch.Fetcher`)."""
