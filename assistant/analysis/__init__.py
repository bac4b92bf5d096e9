"""Who said what: speakers and bodies of sentences, their topics and stances."""
