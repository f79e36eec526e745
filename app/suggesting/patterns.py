"""The regular expressions for the shapes of attribution in news copy.

Each is applied to a *masked* sentence (quoted words hidden), so cue words inside a quotation
never match. Written for Sourcemark; see docs/suggesting.md.
"""

from __future__ import annotations

import re

from sourcemark.app.suggesting import lexicon as lx
from sourcemark.app.suggesting.lexicon import words

_VERBS = sorted(
    lx.SPEECH_VERBS | lx.EVIDENCE_VERBS | lx.QUOTE_ONLY_VERBS | set(lx.PHRASAL_SPEECH_VERBS),
    key=len,
    reverse=True,
)
CUE = re.compile(r"(?<![\w’'-])(" + "|".join(re.escape(v) for v in _VERBS) + r")(?![\w’'-])")
ACCORDING = re.compile(r"(?<![\w’'-])[Aa]ccording to\s+")
DECLINED = re.compile(
    r"(?<![\w’'-])(?:(?:declined|refused|declines|refuses)\s+to\s+(?:comment|say|discuss|answer|"
    r"elaborate|respond|reply|confirm|be\s+interviewed|give\s+details|specify|disclose|provide"
    r"\s+details)|(?:did|does|do)\s+not\s+(?:immediately\s+)?(?:respond|reply|return|answer|say)|"
    r"(?:has|have|had)\s+not\s+(?:yet\s+)?(?:responded|replied|commented)|could\s+not\s+"
    r"(?:immediately\s+)?be\s+reached|(?:was|were)\s+not\s+(?:immediately\s+)?available\s+for\s+"
    r"comment|would\s+not\s+(?:comment|say|discuss|confirm)|(?:had|has)\s+no\s+(?:immediate\s+)?"
    r"comment)(?![\w’'-])"
)
HEDGE = re.compile(
    r"(?<![\w’'-])(?:reportedly|allegedly|purportedly|(?:is|are|was|were|has\s+been|have\s+been|"
    r"had\s+been)\s+(?:widely\s+)?(?:said|believed|understood|thought|reported|alleged|"
    r"rumou?red|suspected)\s+to|[Ii]t\s+(?:is|was)\s+(?:widely\s+)?(?:understood|believed|thought|"
    r"reported|alleged|rumou?red|said)\s+that)(?![\w’'-])"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
WORD = r"[\w’'-]+"
_CAP = r"[A-ZÀ-ÖØ-Þ][\w&’'.-]*"
# Phrases between a cue and what it reports: "said [on Tuesday] [in a statement] that …".
ADJUNCT = re.compile(
    rf"""^(?:\s*,)?\s+(?:
      (?:late\s+|early\s+)?on\s+{_DAY}(?:\s+(?:morning|afternoon|evening|night))?
    | on\s+{_MONTH}\s+\d{{1,2}}
    | (?:last|this|next)\s+(?:week|month|year|weekend|night|{_DAY})
    | (?:earlier|later)\s+(?:this|on|in)\s+{WORD}
    | (?:yesterday|today|tonight|overnight|earlier|later|again|also|previously|repeatedly|
         publicly|privately|separately|recently|afterwards|then|on\s+Twitter)
    | in\s+(?:a|an|the)\s+(?:{WORD}\s+){{0,2}}?(?:video|phone|conference|telephone)\s+call
    | (?P<statement>in\s+(?:a|an|its|his|her|their|the)\s+(?:{WORD}\s+){{0,3}}?statement)
    | in\s+(?:a|an|its|his|her|their|the)\s+(?:{WORD}\s+){{0,3}}?(?:interview|post|filing|
         letter|e-?mail|speech|briefing|note|memo|message|video|op-ed|essay|column|tweet|
         press\s+release|submission|testimony|report)
         (?:\s+(?:with|to|on|for)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP})*)?
    | in\s+(?:parliament|court|congress|the\s+senate|the\s+house|public|private|writing|person)
    | in\s+{_CAP}(?:\s+{_CAP})*
    | at\s+(?:a|an|the)\s+(?:{WORD}\s+){{0,3}}?(?:news\s+conference|press\s+conference|briefing|
         rally|hearing|meeting|conference|event|summit|forum|session)(?:\s+in\s+{_CAP}(?:\s+{_CAP})*)?
    | on\s+(?:social\s+media|Twitter|X|Facebook|Instagram|Telegram|television|radio|
         a\s+conference\s+call|the\s+phone)
    | to\s+(?:reporters|journalists|the\s+press|lawmakers|legislators|parliament|supporters|
         investors|analysts|students|the\s+(?:{WORD}\s+){{0,2}}committee|(?:the\s+)?{_CAP}(?:\s+{_CAP})*)
    | (?:on|during)\s+(?:a|an|the)\s+(?:{WORD}\s+){{0,2}}(?:call|visit|trip|interview|broadcast)
    | by\s+(?:tele)?phone | by\s+e-?mail | by\s+text(?:\s+message)?
    )(?![\w’'-])""",
    re.VERBOSE,
)
# Who was told: "told [reporters]", "told [the BBC]", "told [a briefing in Geneva]".
RECIPIENT = re.compile(
    rf"""^\s+(?:reporters|journalists|lawmakers|legislators|supporters|analysts|investors|
      parliament|the\s+press|him|her|them|us|me|colleagues|staff|employees|students|
      (?:the|a|an|his|her|their)\s+(?:{WORD}\s+){{0,2}}?(?:conference|briefing|agency|newspaper|
        committee|meeting|hearing|audience|crowd|gathering|station|broadcaster|channel|magazine|
        inquiry|court|jury|panel|council|parliament|senate|forum|summit|radio|television|network|
        reporters|journalists|lawmakers|crowd|mourners)
      | (?:the\s+|The\s+)?{_CAP}(?:\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?{_CAP})*)(?![\w’'-])""",
    re.VERBOSE,
)
# Where a reported clause stops: a semicolon, or a second attribution joined by and/but.
_SECOND_CUE = "|".join(sorted(lx.SPEECH_VERBS | lx.EVIDENCE_VERBS, key=len, reverse=True))
CONTENT_CUT = re.compile(
    rf";\s|,?\s+(?:but|and)\s+(?:also\s+|later\s+|then\s+)?(?=(?:{_SECOND_CUE}|declined|refused|"
    rf"did\s+not|would\s+not|could\s+not)\b)|,\s+(?:and|but|while|whereas|though|although)\s+"
    rf"(?:[\w’'-]+\s+){{1,6}}?(?=(?:{_SECOND_CUE})\b)|,\s+(?=(?:saying|adding|telling|arguing|"
    rf"insisting|warning|noting|claiming|explaining|stressing|acknowledging)\s)"
)
INTRO_WORDS = words(
    """
    in on at after before during while although though as when since because despite if unlike
    like however meanwhile separately earlier later still yet asked speaking writing responding
    following under over last this late early also instead nevertheless moreover indeed
    elsewhere today yesterday overall finally but and then now so for by with without amid
    """
)
ANONYMITY_SEGMENT = re.compile(
    r"^(?:who\s+(?:asked|spoke|requested|did\s+not|declined|briefed|insisted|was\s+not|were\s+not|"
    r"is\s+not|are\s+not|wished|refused)|speaking|asked|citing|on\s+condition)",
    re.IGNORECASE,
)
NOT_A_CLAIM = re.compile(
    r"(?:about(?!\s+[\d$€£])|of|for|with|against|into|goodbye|hello|yes|no|nothing|little|something|so|grace|thanks|farewell|sorry|"
    r"a\s+prayer|a\s+few\s+words|a\s+word)\b",
    re.IGNORECASE,
)
PUT_IT = re.compile(
    r"(?<![\w’'-])[Aa]s\s+(?P<source>(?:[\w’'.-]+\s+){1,8}?)(?:put|puts|said|says|wrote|"
    r"writes)\s+it(?:\s+(?:in|on|at)\s+(?:[\w’'-]+\s+){0,4}?[\w’'-]+)?\s*,\s*"
)
LABELLED = re.compile(
    r"(?<![\w’'-])(called|calls|described|describes|branded|brands|dubbed|dubs|labelled|labeled)"
    r"\s+(?:[\w’'.-]+\s+){1,8}?(?:as\s+)?[“\"‘]"
)
# "argued [during the trial] that …": a prepositional phrase, then the reported clause.
ADJUNCT_THEN_THAT = re.compile(
    r"\s+(?:during|after|before|at|in|on|following|to|outside|inside|from|for|since|over)\s+"
    r"(?:[\w’'-]+\s+){1,6}?that\s+"
)
PARTICIPLE = re.compile(
    r",\s+(saying|adding|arguing|insisting|warning|noting|claiming|telling|explaining|stressing|"
    r"acknowledging)\s+"
)
# "…, she said, standing outside the court.": a participle after the cue ends the attribution.
TAIL = re.compile(r"^\s*,\s+(?:[a-z]+ing|according)\b")
PREPOSITIONS = words(
    """
    after before during following outside inside at near in on from by with over amid ahead
    """
)
