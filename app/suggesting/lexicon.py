"""The suggester's word lists, written for Sourcemark (no third-party lexicon).

Everything is lower case; multi-word entries are matched as phrases. The lists are deliberately
small and general: they describe how news writing names its sources, not any particular article.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A word list written as one block of text, split on whitespace."""
    return frozenset(text.split())


# Verbs that report what a source said, in the forms news copy uses them.
SPEECH_VERBS = words(
    """
    said says say told tells added adds noted notes stated states explained explains wrote
    writes argued argues insisted insists warned warns claimed claims cautioned cautions
    announced announces acknowledged acknowledges admitted admits asserted asserts maintained
    maintains stressed stresses emphasised emphasized emphasises emphasizes conceded concedes
    testified testifies recalled recalls predicted predicts complained complains replied replies
    countered counters contended contends alleged alleges alleging declared declares observed
    observes tweeted tweets posted posts remarked remarks agreed agrees confirmed confirms
    denied denies disclosed discloses revealed reveals blamed blames
    """
)
# "pointed out" and friends: two-word speech verbs.
PHRASAL_SPEECH_VERBS = ("pointed out", "points out")
# Verbs whose subject is usually a record or a dataset; a person or organisation needs "that".
EVIDENCE_VERBS = words(
    """
    show shows showed found finds find suggest suggests suggested indicate indicates indicated
    estimate estimates estimated reported reports concluded concludes projected projects
    """
)
# Verbs that attribute only when a quotation is right next to them: "“…?” asked Helen Marsh".
QUOTE_ONLY_VERBS = words(
    """
    asked asks continued continues joked jokes wondered
    """
)
# Verbs whose object may be a noun phrase rather than a clause: "confirmed the memo's authenticity".
NOUN_OBJECT_VERBS = words(
    """
    confirmed confirms denied denies disclosed discloses revealed reveals blamed blames
    """
)
# Verbs often followed by a plain object ("conceded defeat", "announced his resignation"): they
# attribute a claim only when a clause, a quotation or "that" follows.
OBJECT_PRONE_VERBS = words(
    """
    conceded concedes admitted admits acknowledged acknowledges announced announces recalled
    recalls posted posts tweeted tweets wrote writes declared declares observed observes
    predicted predicts maintained maintains stressed stresses emphasised emphasized
    """
)
# Past tenses without "-ed" that show a reported clause has a verb of its own.
IRREGULAR_PAST = words(
    """
    was were had did made took came went gave got found saw said told knew thought left kept
    held stood ran began became bore brought built bought fell felt fought grew hit led lost
    meant met paid put rose sent set shot sold spent stole struck swore threw understood won
    wrote
    """
)

# Words between a subject and its verb that do not break the attribution: "has also said".
VERB_PREFIXES = words(
    """
    has have had also later earlier previously again repeatedly publicly privately separately
    further recently then subsequently once first last long consistently frequently often always
    already still now
    """
)
AUXILIARIES = words(
    """
    is are was were be been being am has have had will would can could should may might must do
    does did shall
    """
)
BE_FORMS = words(
    """
    is are was were be been being am
    """
)

PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "organisation", "we": "group"}

# Role words of people who hold public or corporate office (named → named-official,
# unnamed → anonymous-official).
OFFICIAL_ROLES = words(
    """
    official officials officer officers minister ministers secretary secretary-general president
    vice-president premier chancellor governor mayor senator senators congressman congresswoman
    lawmaker lawmakers legislator legislators mp mps councillor councillors councilor councilors
    alderman commissioner ambassador envoy consul general admiral colonel commander chief
    sheriff prosecutor prosecutors attorney-general judge magistrate director director-general
    chair chairman chairwoman chairperson executive ceo cfo coo head leader deputy aide aides
    adviser advisers advisor advisors inspector superintendent administrator whip king queen
    prince governor-general marshal general-secretary sen rep gov gen col lt sgt capt cmdr adm
    maj supt insp det pres
    """
)
# Words that open a sentence as a subject without naming anyone: "Some argued …".
QUANTIFIER_SUBJECTS = words(
    """
    some many others several most few both all one
    """
)
OFFICIAL_PHRASES = (
    "member of parliament",
    "members of parliament",
    "attorney general",
    "prime minister",
    "foreign minister",
    "cabinet member",
    "chief executive",
    "chief operating officer",
    "chief financial officer",
    "government source",
    "government sources",
    "security source",
    "security sources",
    "military source",
    "military sources",
    "police source",
    "police sources",
    "intelligence source",
    "intelligence sources",
)
EXPERT_ROLES = words(
    """
    professor professors lecturer lecturers academic academics analyst analysts economist
    economists researcher researchers scientist scientists scholar scholars fellow expert
    experts specialist specialists historian historians strategist statistician
    """
)
# Professions named by these endings are expert roles: epidemiologist, agronomist, oceanographer.
EXPERT_SUFFIXES = ("ologist", "ologists", "onomist", "onomists", "ographer", "ographers", "icist")
SPOKES_ROLES = words(
    """
    spokesperson spokespersons spokespeople spokesman spokesmen spokeswoman spokeswomen
    """
)
SPOKES_PHRASES = ("press secretary", "press officer", "press office")
# Person words that are neither official nor expert: unnamed → anonymous-other.
PERSON_NOUNS = words(
    """
    person people source sources resident residents witness witnesses neighbour neighbours
    neighbor neighbors relative relatives friend friends critic critics organiser organisers
    organizer organizers activist activists worker workers employee employees staff staffer
    staffers manager managers guard guards villager villagers rescuer rescuers farmer farmers
    miner miners nurse nurses doctor doctors teacher teachers student students parent parents
    passenger passengers driver drivers member members insider insiders colleague colleagues
    lawyer lawyers diplomat diplomats protester protesters protestors survivor survivors victim
    victims voter voters supporter supporters observer observers attendee attendees mother
    father brother sister son daughter wife husband owner owners agent coach player players fan
    fans customer customers shopkeeper trader traders investor investors bystander bystanders
    opponents proponents advocates detractors skeptics sceptics agents pharmacist pharmacists
    engineer engineers campaigner campaigners barrister barristers solicitor solicitors attorney
    attorneys counsel
    """
)
PARTICIPANT_PHRASES = ("head teacher", "headteacher", "head coach")

# Nouns that make a phrase an institution speaking for itself.
ORGANISATION_NOUNS = words(
    """
    ministry ministries department departments government governments administration agency
    agencies authority authorities office police company companies firm firms carrier airline
    union unions association council board commission committee trust bank lender charity court
    army military navy regulator operator manufacturer maker group organisation organization
    institute university hospital club party campaign embassy prosecution team coalition
    federation league foundation cabinet parliament senate congress insurer retailer producer
    utility service forces command presidency municipality city county state province kremlin
    secretariat consortium alliance network commission watchdog developer operators groups
    organisations organizations associations charities firms banks councils boards branch
    inspectorate unit division directorate tribunal
    """
)
# Written records.
DOCUMENT_NOUNS = words(
    """
    report reports filing filings document documents records record memo memos memorandum letter
    letters indictment complaint lawsuit suit affidavit transcript transcripts minutes email
    emails licence licences license licenses contract contracts audit ruling judgment judgement
    warrant papers files dossier assessment assessments cable cables notes draft submission
    submissions testimony recording recordings footage video videos audio tape tapes messages
    minutes
    """
)
DATA_NOUNS = words(
    """
    poll polls survey surveys data figures statistics stats numbers census estimates estimate
    results trial trials study studies index count tally projections forecast forecasts readings
    measurements analysis tests test testing samples sampling modelling modeling model
    """
)
MEDIA_NOUNS = words(
    """
    newspaper newspapers daily broadcaster broadcasters television tv radio media outlet outlets
    magazine tabloid channel website journal reporter
    """
)
MEDIA_PHRASES = (
    "news agency",
    "news site",
    "news outlet",
    "news outlets",
    "wire service",
    "state media",
    "state television",
    "local media",
    "news channel",
)
# Well-known outlets, matched case-sensitively as whole words.
MEDIA_OUTLETS = (
    "Reuters",
    "Associated Press",
    "AP",
    "AFP",
    "Agence France-Presse",
    "Bloomberg",
    "Bloomberg News",
    "The New York Times",
    "New York Times",
    "The Washington Post",
    "Washington Post",
    "The Wall Street Journal",
    "Wall Street Journal",
    "Financial Times",
    "The Economist",
    "The Guardian",
    "The Times",
    "The Telegraph",
    "The Independent",
    "BBC",
    "CNN",
    "NBC",
    "CBS",
    "ABC News",
    "Fox News",
    "NPR",
    "Al Jazeera",
    "Politico",
    "Axios",
    "Le Monde",
    "Der Spiegel",
    "El País",
    "Haaretz",
    "Xinhua",
    "TASS",
    "Interfax",
    "RIA Novosti",
    "IRNA",
    "Yonhap",
    "Kyodo",
    "NHK",
    "Marca",
    "ProPublica",
    "The Atlantic",
    "Deutsche Welle",
    "Euronews",
    "Sky News",
)
MEDIA_OUTLET_NAMES = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(o) for o in sorted(MEDIA_OUTLETS, key=len, reverse=True))
    + r")(?!\w)"
)
# Capitalised words that end the names of outlets: "the Velden Courier", "The Ledger".
MEDIA_NAME_WORDS = words(
    """
    times post herald courier chronicle gazette journal tribune telegraph observer independent
    mail express sentinel ledger review daily weekly magazine radio tv television news press
    broadcasting standard register inquirer bulletin dispatch monitor examiner
    """
)
# Capitalised words that mark an organisation's name rather than a person's.
ORGANISATION_NAME_WORDS = words(
    """
    inc corp corporation ltd llc plc ag sa gmbh co company group holdings partners capital
    securities bank bancorp financial insurance mutual savings trust fund investments energy oil
    gas power coal mining motors airlines airways air aerospace orbital space systems
    technologies technology tech software labs laboratories pharma pharmaceuticals biologics bio
    biotech therapeutics health healthcare foods media networks communications telecom solutions
    services consulting analytics data research insight insights institute foundation university
    college school hospital clinic council association union federation league club fc united
    party alliance front movement committee commission agency authority ministry department
    office bureau service survey board court police army navy force forces guard church project
    centre center network watch international global industries works brands stores markets
    exchange railways shipping lines logistics port press news times post herald courier
    chronicle gazette journal tribune telegraph observer sentinel ledger review radio television
    broadcasting house parliament senate congress government administration embassy state states
    nations organization organisation programme program initiative coalition branch
    investigation inspectorate unit division directorate tribunal panel
    """
)
# Organisations whose affiliation makes a named person an expert.
ACADEMIC_WORDS = words(
    """
    university institute college academy school think-tank laboratory observatory
    """
)
ACADEMIC_PHRASES = ("centre for", "center for", "think tank", "research", "council on")
# Seats of government that stand for it: "Tehran indicated", "the Kremlin said".
GOVERNMENT_METONYMS = words(
    """
    washington moscow beijing tehran kyiv kiev london paris berlin brussels ankara jerusalem
    riyadh cairo delhi tokyo seoul pyongyang islamabad kabul baghdad damascus caracas havana
    kremlin pentagon whitehall
    """
)
GOVERNMENT_PHRASES = ("the white house", "downing street", "the kremlin", "the pentagon")

# Titles that precede a person's name and never end a sentence.
NAME_TITLES = words(
    """
    mr mrs ms miss dr prof sir dame lord lady rev fr sr jr st sen rep gov gen col lt sgt capt
    cmdr adm maj supt insp det hon pres
    """
)
# Lower-case particles inside names: "Joris van Dijk", "Luiz da Silva".
NAME_PARTICLES = words(
    """
    van von de der den da di du la le al el bin ibn ben dos das del y
    """
)

# Markers that the reporter granted anonymity ...
_GRANTED = (
    r"(?:(?:speaking|spoke|spoken|talking|talked)\s+)?on (?:the )?condition of anonymity",
    r"on (?:the )?condition (?:that )?(?:he|she|they|it|the \w+) "
    r"(?:not be|not to be|would not be|remain) (?:named|identified|anonymous)",
    r"on (?:the )?condition of not being (?:named|identified)",
    r"(?:who )?(?:asked|requested|declined|did not want|refused|wished) (?:not )?(?:to be )?"
    r"(?:not )?(?:named|identified)",
    r"(?:requested|insisted on|granted|given) anonymity",
    r"(?:asked|requested|on condition) that (?:his|her|their|its) names? "
    r"(?:not be (?:used|published|given|disclosed)|be withheld)",
    r"names? (?:has|have) been changed",
    r"name withheld",
    r"anonymously",
    r"anonymous",
    r"not authori[sz]ed to (?:speak|discuss|comment|talk|be)",
    r"without being (?:named|identified)",
    r"speaking privately",
)
ANONYMITY_GRANTED = re.compile(r"\b(?:" + "|".join(_GRANTED) + r")\b", re.IGNORECASE)
# ... and markers that only describe the source's access ("familiar with the matter").
_POSSESSIVE = r"(?:the |their |his |her |its )?"
_FEW_WORDS = r"[\w’'-]+(?: [\w’'-]+){0,3}"
_IMPLIED = (
    rf"familiar with {_POSSESSIVE}{_FEW_WORDS}",
    rf"with (?:direct |first-hand |firsthand )?knowledge of {_POSSESSIVE}{_FEW_WORDS}",
    rf"briefed on {_POSSESSIVE}{_FEW_WORDS}",
    rf"close to (?:the |his |her |their ){_FEW_WORDS}",
    rf"privy to {_FEW_WORDS}",
    rf"involved in the {_FEW_WORDS}",
    r"unnamed",
)
ANONYMITY_IMPLIED = re.compile(r"\b(?:" + "|".join(_IMPLIED) + r")\b", re.IGNORECASE)

# "according to plan": what follows "according to" that is not a source.
NOT_SOURCES_AFTER_ACCORDING = words(
    """
    plan plans schedule tradition custom rules law protocol expectations script legend form
    timetable need taste type size season
    """
)
