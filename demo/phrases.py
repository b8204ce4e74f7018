"""The invented world the demo plans are written from: places, themes and phrase templates.

Only data: the generator (demo/generator.py) picks from these lists and fills the templates'
{placeholders}. None of it comes from real plans.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    country: str  # as in plans/countries.py
    city: str
    second_city: str
    university: str
    latitude: float
    longitude: float
    article: str = ""  # "the" for "the Philippines"

    @property
    def where(self) -> str:
        return f"{self.article} {self.country}".strip()


# Ordered so that every five consecutive labs cover the five regional bureaus.
PLACES = [
    Place("Kenya", "Nairobi", "Kisumu", "University of Nairobi", -1.29, 36.82),
    Place("Vietnam", "Hanoi", "Da Nang", "Vietnam National University", 21.03, 105.85),
    Place("Jordan", "Amman", "Irbid", "University of Jordan", 31.95, 35.93),
    Place("Serbia", "Belgrade", "Niš", "University of Belgrade", 44.79, 20.45),
    Place("Colombia", "Bogotá", "Medellín", "National University of Colombia", 4.71, -74.07),
    Place("Ghana", "Accra", "Kumasi", "University of Ghana", 5.60, -0.19),
    Place("Philippines", "Manila", "Cebu", "University of the Philippines", 14.60, 120.98, "the"),
    Place("Tunisia", "Tunis", "Sfax", "University of Tunis", 36.81, 10.18),
    Place("Georgia", "Tbilisi", "Kutaisi", "Tbilisi State University", 41.72, 44.78),
    Place("Peru", "Lima", "Arequipa", "National University of San Marcos", -12.05, -77.04),
    Place("Rwanda", "Kigali", "Huye", "University of Rwanda", -1.94, 30.06),
    Place("Bangladesh", "Dhaka", "Chattogram", "University of Dhaka", 23.81, 90.41),
    Place("Lebanon", "Beirut", "Tripoli", "Lebanese University", 33.89, 35.50),
    Place("Moldova", "Chișinău", "Bălți", "Technical University of Moldova", 47.01, 28.86),
    Place("Ecuador", "Quito", "Guayaquil", "Central University of Ecuador", -0.18, -78.47),
    Place("Senegal", "Dakar", "Saint-Louis", "Cheikh Anta Diop University", 14.72, -17.47),
    Place("Nepal", "Kathmandu", "Pokhara", "Tribhuvan University", 27.72, 85.32),
    Place("Morocco", "Rabat", "Marrakesh", "Mohammed V University", 34.02, -6.84),
    Place("Uzbekistan", "Tashkent", "Samarkand", "Tashkent State University", 41.30, 69.24),
    Place("Jamaica", "Kingston", "Montego Bay", "University of the West Indies", 18.02, -76.80),
    Place("Zambia", "Lusaka", "Ndola", "University of Zambia", -15.39, 28.32),
]


@dataclass(frozen=True)
class Theme:
    name: str  # the thematic-area tag
    short: str  # how the prose names the topic
    related: str  # a second thematic area that often comes with it
    sdgs: tuple[int, ...]
    methods: tuple[str, ...]
    datasources: tuple[str, ...]
    portfolio: str  # the ministry that owns the topic: "Ministry of <portfolio>"
    faculty: str
    cluster: str  # the UNDP Country Office portfolio it belongs to
    people: str  # who is most affected
    problem: str  # completes "Our challenge is that …"
    aim: str  # what the lab wants to do, completes "to …"
    titles: tuple[str, ...]
    drivers: tuple[str, ...]
    effects: tuple[str, ...]
    signals: tuple[str, ...]
    stats: tuple[str, ...]
    questions: tuple[str, ...]
    insights: tuple[str, ...]
    civil_society: tuple[str, ...]
    private: tuple[str, ...]
    un: str


THEMES = [
    Theme(
        name="circular economy",
        short="material reuse and repair",
        related="waste management",
        sdgs=(12, 9, 8),
        methods=("Solutions Mapping", "Systems Thinking", "Prototyping", "Co-creation"),
        datasources=("surveys", "in-depth interviews", "administrative data", "web scraping"),
        portfolio="Environmental Protection",
        faculty="Architecture",
        cluster="environment and green economy",
        people="small manufacturers and repair workshops",
        problem=(
            "most materials entering the economy of {city} are used once and dumped, while the "
            "small manufacturers who could reuse them have no reliable way to find, check or "
            "buy them"
        ),
        aim="make reused materials an easier choice than new imports for small manufacturers",
        titles=(
            "Closing the loop: secondary materials for small manufacturers in {city}",
            "Repair, reuse, remake: the hidden circular economy of {city}",
            "From scrap to supply chain: material reuse in {where}",
        ),
        drivers=(
            "a production model built on cheap imported inputs",
            "the lack of any quality standard for secondary raw materials",
            "public procurement rules that only recognise new products",
            "landfill fees that are too low to change anyone's behaviour",
        ),
        effects=(
            "rising volumes of construction and packaging waste at the edge of the city",
            "lost income for the repairers and collectors who keep materials in use",
            "a growing import bill for materials that are already in the country",
        ),
        signals=(
            "repair stalls in the central market now advertise on social media and take "
            "bookings through messaging apps",
            "furniture makers buy pallet wood and offcuts through informal WhatsApp groups",
            "two supermarket chains quietly piloted refill stations for detergents last year",
            "architecture students built a pavilion entirely from demolition waste, and the "
            "pictures travelled far beyond the university",
        ),
        stats=(
            "Only {pct2}% of municipal solid waste in {where} is recovered or recycled; the rest "
            "is landfilled or burned.",
            "{city} generates around {k},000 tonnes of construction and demolition waste a year, "
            "and no facility in the city processes it.",
            "In a {prev_year} survey of {n} small manufacturers, {pct}% said they would use "
            "secondary materials if their quality were guaranteed.",
        ),
        questions=(
            "Which repair and reuse practices already work in {city}, and what keeps them small?",
            "What would a small manufacturer need to trust a secondary material as much as a "
            "new one?",
            "Could a simple marketplace connect businesses that throw materials away with "
            "businesses that need them?",
        ),
        insights=(
            "Repairers in {city} are a skilled workforce, but they are invisible to every public "
            "programme that could support them.",
            "Trust, not price, was the main barrier: manufacturers paid for secondary materials "
            "once someone vouched for their quality.",
            "A small municipal procurement pilot created more demand for reused materials than "
            "any awareness campaign.",
            "Supply and demand met best through existing trader networks, not through a new "
            "platform.",
        ),
        civil_society=("{city} Repair Café Network", "Zero Waste {city}"),
        private=("GreenLoop Materials {city}", "{country} Packaging Recovery Company"),
        un="UN Environment Programme",
    ),
    Theme(
        name="youth employment",
        short="youth employment",
        related="informal economy",
        sdgs=(8, 4, 10),
        methods=("Collective Intelligence", "Behavioural Insights", "Ethnography", "Co-creation"),
        datasources=("surveys", "social media data", "administrative data", "in-depth interviews"),
        portfolio="Youth and Sports",
        faculty="Economics",
        cluster="inclusive growth",
        people="young people who are neither in school nor in work",
        problem=(
            "a growing share of young people in {city} leave school without finding stable work, "
            "and the job-matching services designed for them are barely used"
        ),
        aim=(
            "understand how young people actually look for work and make public employment "
            "services worth their time"
        ),
        titles=(
            "Beyond the job board: how young people in {city} really find work",
            "Youth, gigs and the future of work in {where}",
            "Skills that pay: rethinking youth employment services in {city}",
        ),
        drivers=(
            "a mismatch between what schools teach and what employers ask for",
            "hiring that runs almost entirely through personal networks",
            "a fast-growing platform economy that no labour statistic captures",
            "the cost of commuting from peripheral neighbourhoods",
        ),
        effects=(
            "long periods of idleness after school that erode skills and confidence",
            "a steady outflow of young graduates abroad",
            "public employment offices that serve fewer than one in ten young jobseekers",
        ),
        signals=(
            "young people describe freelance work on delivery and design platforms as real work, "
            "even when it pays irregularly",
            "video channels giving job-hunting advice have more followers than the national "
            "employment agency",
            "vocational schools report empty places in courses for trades that employers say "
            "they cannot fill",
            "informal job brokers at bus stations charge fees to connect young people with "
            "employers",
        ),
        stats=(
            "Youth unemployment in {where} stands at {small}%, more than twice the adult rate.",
            "Around {pct2}% of people aged 15 to 24 are not in employment, education or training.",
            "Only {n} of the {k},000 young people registered with public employment services "
            "found a job through them in {prev_year}.",
        ),
        questions=(
            "How do young people in {city} actually search for work, and whom do they trust for "
            "advice?",
            "What would make the public employment service worth a young jobseeker's time?",
            "Which signals do employers use to judge young applicants who have no formal work "
            "experience?",
        ),
        insights=(
            "Young people in {city} trust peers and online creators far more than official "
            "employment services.",
            "Short, paid work trials convinced employers more than certificates did.",
            "Platform work is a first step into the labour market for many, but it rarely leads "
            "to a second step without support.",
            "The cost and time of travel across the city excluded more young people than a lack "
            "of skills did.",
        ),
        civil_society=("{city} Youth Innovation Hub", "Young Entrepreneurs Network of {country}"),
        private=("{city} Chamber of Commerce", "Talent Bridge {country}"),
        un="International Labour Organization",
    ),
    Theme(
        name="gender",
        short="women's economic participation",
        related="informal economy",
        sdgs=(5, 8, 10),
        methods=("Ethnography", "Co-creation", "Behavioural Insights", "Collective Intelligence"),
        datasources=("in-depth interviews", "surveys", "mobile phone data", "social media data"),
        portfolio="Gender and Social Protection",
        faculty="Social Sciences",
        cluster="gender equality",
        people="women running home-based and market businesses",
        problem=(
            "women who run small businesses in {city} remain locked out of credit, networks and "
            "public support, because most programmes assume a formal business they do not have"
        ),
        aim=(
            "learn which kinds of support women entrepreneurs actually use, and design services "
            "that fit their lives together with them"
        ),
        titles=(
            "Her business, her rules: women entrepreneurs in {city}",
            "Unpaid care and paid work: women's time in {where}",
            "Closing the credit gap for women traders in {city}",
        ),
        drivers=(
            "unpaid care work that takes up most of women's day",
            "collateral requirements that ignore how women hold assets",
            "social norms about which trades are suitable for women",
            "the lack of safe and affordable transport to markets",
        ),
        effects=(
            "businesses that stay small and informal for decades",
            "a gender gap in earnings that has barely moved in ten years",
            "women's savings groups carrying risks that banks refuse",
        ),
        signals=(
            "women traders use mobile money to run rotating savings groups with members in "
            "several towns",
            "online shops run by women on social media grow faster than formal retail",
            "several micro-lenders have quietly dropped collateral requirements for repeat "
            "borrowers",
            "daughters are taking over their mothers' market stalls and bringing digital tools "
            "with them",
        ),
        stats=(
            "Women own {pct}% of micro-enterprises in {where} but receive less than {small}% of "
            "business credit.",
            "Women in {where} spend on average {n} minutes a week more than men on unpaid care "
            "and domestic work.",
            "Only {pct2}% of women-led enterprises are registered, which keeps them out of public "
            "support schemes.",
        ),
        questions=(
            "How do women in {city} combine care responsibilities with running a business, and "
            "where does their time run out?",
            "What makes informal savings groups more trusted than banks, and what could formal "
            "finance learn from them?",
            "Which small changes in public services would make the biggest difference to women's "
            "businesses?",
        ),
        insights=(
            "Time, more than money, is the scarcest resource for women entrepreneurs in {city}; "
            "childcare near markets mattered more than loans.",
            "Savings groups already assess credit carefully; lenders that used their records "
            "saw fewer defaults.",
            "Women were far more likely to use a service designed with them than one designed "
            "for them.",
            "Selling online reduced the risk of harassment on the way to market, an effect "
            "nobody had asked about.",
        ),
        civil_society=("{city} Women Traders Association", "Women in Business Network {country}"),
        private=("{country} Microfinance Bank", "PayLink {country}"),
        un="UN Women",
    ),
    Theme(
        name="climate adaptation",
        short="climate adaptation",
        related="food systems",
        sdgs=(13, 15, 2),
        methods=("Citizen Science", "Foresight", "Systems Thinking", "Solutions Mapping"),
        datasources=("satellite imagery", "sensor data", "surveys", "in-depth interviews"),
        portfolio="Environment and Climate Change",
        faculty="Geography",
        cluster="climate and resilience",
        people="smallholder farmers and residents of flood-prone neighbourhoods",
        problem=(
            "droughts and floods in {where} are becoming more frequent and less predictable, and "
            "the communities most exposed to them have little information to prepare"
        ),
        aim=(
            "find out which local adaptation practices work and how early warnings can reach "
            "people in time to act"
        ),
        titles=(
            "Reading the rain: community early warning in {where}",
            "Adapting from the ground up: local climate solutions in {where}",
            "Heat, floods and neighbourhoods: mapping climate risk in {city}",
        ),
        drivers=(
            "rising temperatures and shifting rainy seasons",
            "settlement on flood plains as the city grows",
            "degraded watersheds and deforestation upstream",
            "early warnings that arrive too late or in the wrong language",
        ),
        effects=(
            "repeated crop losses that push families into debt",
            "homes and schools flooded several times a season",
            "a growing number of households moving to the city after each bad harvest",
        ),
        signals=(
            "farmers exchange rainfall observations in messaging groups and trust them more than "
            "official forecasts",
            "a few villages have revived old water-harvesting techniques after the last drought",
            "local radio stations have begun broadcasting weather advice in minority languages",
            "young people map blocked drains with their phones before the rainy season",
        ),
        stats=(
            "Floods and droughts affected around {k},000 households in {where} in {prev_year}.",
            "{pct}% of farmers surveyed in {prev_year} said the rainy season no longer starts "
            "when it used to.",
            "Only {pct2}% of at-risk households received a warning before the last major flood.",
        ),
        questions=(
            "Which adaptation practices have communities already developed, and which of them "
            "could spread?",
            "How do people in exposed neighbourhoods receive and act on warnings, and where does "
            "the chain break?",
            "Can rainfall and river data collected by communities improve local forecasts?",
        ),
        insights=(
            "Communities held detailed knowledge of flood patterns that no official map recorded.",
            "Warnings were acted on when they came from a trusted local voice, not when they "
            "came faster.",
            "Citizen sensor data filled gaps in the official network at a fraction of the cost, "
            "but only where someone maintained the devices.",
            "Adaptation practices spread between villages through markets and places of worship, "
            "not through extension services.",
        ),
        civil_society=("{country} Farmers Federation", "{city} Community Resilience Network"),
        private=("AgriSense {country}", "{country} Weather Insurance Company"),
        un="Food and Agriculture Organization",
    ),
    Theme(
        name="digital governance",
        short="digital public services",
        related="youth employment",
        sdgs=(16, 9, 17),
        methods=("Co-creation", "Prototyping", "Behavioural Insights", "Portfolio Sensemaking"),
        datasources=("administrative data", "surveys", "social media data", "web scraping"),
        portfolio="Digital Transformation",
        faculty="Computer Science",
        cluster="effective governance",
        people="citizens who need public services most but use them least",
        problem=(
            "public services in {where} are moving online faster than people can use them, and "
            "those with the least access to devices, skills or documents are being left behind"
        ),
        aim=(
            "understand why people abandon online public services and redesign the hardest steps "
            "together with them"
        ),
        titles=(
            "Nobody left offline: inclusive e-services in {where}",
            "Designing public services with the people who use them in {city}",
            "From paper queues to digital queues: what citizens in {city} need",
        ),
        drivers=(
            "digitisation projects designed around institutions rather than users",
            "low digital skills among older and rural residents",
            "identity documents that many people do not have or cannot verify online",
            "the absence of shared standards between ministries",
        ),
        effects=(
            "long queues at service centres even for services that are available online",
            "citizens paying intermediaries to complete simple applications",
            "low trust in institutions whose websites rarely work",
        ),
        signals=(
            "internet cafés near municipal offices now advertise form filling as a service",
            "complaints about public websites have become a popular meme format",
            "a few municipalities have started publishing open data without being asked to",
            "librarians say most of their visitors come for help with online government forms",
        ),
        stats=(
            "{pct}% of public services in {where} are available online, but fewer than {small}% "
            "of transactions are completed there.",
            "The national citizen feedback line received {k},000 complaints about online services "
            "in {prev_year}.",
            "About {pct2}% of adults in {where} have never used the internet to deal with a "
            "public authority.",
        ),
        questions=(
            "Where and why do people give up on online public services?",
            "What would a service journey look like if it were designed with first-time users?",
            "How can the government learn continuously from citizens' feedback on its digital "
            "services?",
        ),
        insights=(
            "Most people gave up not for lack of skills but at one confusing step: uploading "
            "documents.",
            "Intermediaries such as librarians and internet cafés are part of the service and "
            "should be supported, not bypassed.",
            "One prototype tested with users changed the ministry's procurement requirements "
            "more than any strategy paper.",
            "Data on abandoned applications was already being collected, but nobody had looked "
            "at it.",
        ),
        civil_society=("Open Data {country}", "{city} Digital Rights Initiative"),
        private=("{city} Civic Tech Studio", "{country} Telecom Operators Association"),
        un="International Telecommunication Union",
    ),
    Theme(
        name="informal economy",
        short="the informal economy",
        related="gender",
        sdgs=(8, 1, 10),
        methods=("Ethnography", "Solutions Mapping", "Collective Intelligence", "Systems Thinking"),
        datasources=("mobile phone data", "in-depth interviews", "surveys", "social media data"),
        portfolio="Trade and Industry",
        faculty="Economics",
        cluster="inclusive growth",
        people="street vendors and informal workers",
        problem=(
            "more than half of the workers in {city} earn their living informally, yet policies "
            "still treat informality as a problem to remove rather than an economy to understand"
        ),
        aim=(
            "understand how informal businesses manage risk and find forms of social protection "
            "that informal workers would choose for themselves"
        ),
        titles=(
            "Seeing the invisible economy of {city}",
            "Social protection that informal workers choose: learning from {city}",
            "Markets, margins and mobile money: informal work in {where}",
        ),
        drivers=(
            "slow growth of formal jobs compared with the labour force",
            "registration procedures that cost more than they give back",
            "periodic evictions of vendors from public spaces",
            "incomes too irregular for standard contribution schemes",
        ),
        effects=(
            "workers without any protection against illness, accidents or old age",
            "a narrow tax base and low public revenue",
            "tension between vendors and city authorities over public space",
        ),
        signals=(
            "vendors form savings and funeral groups that work like mutual insurance",
            "mobile money agents have become the informal economy's banks",
            "some market associations are negotiating directly with city hall for the first time",
            "delivery riders organise through group chats to share information on pay",
        ),
        stats=(
            "Informal employment accounts for roughly {pct}% of total employment in {where}.",
            "Fewer than {small}% of informal workers contribute to any pension or health "
            "insurance scheme.",
            "Municipal records show about {n} evictions of street vendors in {city} in "
            "{prev_year}.",
        ),
        questions=(
            "How do informal businesses in {city} manage risk today, and what do they expect "
            "from the state?",
            "What would make a voluntary savings or insurance product attractive to workers with "
            "irregular incomes?",
            "Which data could describe the informal economy continuously instead of once every "
            "census?",
        ),
        insights=(
            "Informal workers already insure each other; schemes that built on their groups "
            "enrolled members far faster.",
            "Small, flexible contributions through mobile money mattered more than the size of "
            "the benefit.",
            "Market associations became credible partners for the city once they had a seat at "
            "the table.",
            "Mobile money data showed seasonal patterns of income that no survey had captured.",
        ),
        civil_society=(
            "{city} Street Vendors Association",
            "Informal Workers Alliance of {country}",
        ),
        private=("MarketPay {country}", "{country} Mobile Money Operators Forum"),
        un="International Labour Organization",
    ),
    Theme(
        name="food systems",
        short="food systems",
        related="climate adaptation",
        sdgs=(2, 12, 3),
        methods=("Citizen Science", "Systems Thinking", "Solutions Mapping", "Prototyping"),
        datasources=("satellite imagery", "surveys", "sensor data", "administrative data"),
        portfolio="Agriculture and Rural Development",
        faculty="Agriculture",
        cluster="food security and livelihoods",
        people="smallholder farmers and low-income urban consumers",
        problem=(
            "a large share of the food grown in {where} is lost between farm and market, while "
            "low-income families in {city} struggle to afford a healthy diet"
        ),
        aim=(
            "find where food is lost along the value chain and test local ways of getting more "
            "of it to the people who need it"
        ),
        titles=(
            "From farm to fork: cutting food loss in {where}",
            "Local food, shorter chains: rethinking how {city} eats",
            "Mapping food loss along the value chains of {where}",
        ),
        drivers=(
            "poor rural roads and a lack of cold storage",
            "dependence on a few middlemen who set prices",
            "urban diets that increasingly favour processed imports",
            "erratic harvests linked to changing rainfall",
        ),
        effects=(
            "post-harvest losses that wipe out farmers' margins",
            "rising food prices in urban markets",
            "malnutrition side by side with food waste",
        ),
        signals=(
            "young farmers sell directly to consumers through social media groups",
            "small solar-powered cold rooms have appeared in a few rural markets",
            "school canteens in one district started buying from local cooperatives",
            "gardens on rooftops and vacant plots are multiplying across the city",
        ),
        stats=(
            "An estimated {small}% of the fruit and vegetables produced in {where} is lost after "
            "harvest.",
            "Food prices in {city} rose by {pct2}% in {prev_year} alone.",
            "Fewer than {n} cold storage units serve the farmers of the whole country.",
        ),
        questions=(
            "Where exactly along the value chain is food lost, and who bears the loss?",
            "Which direct-selling and cold-storage solutions have farmers already tried, and why "
            "did some of them fail?",
            "Can satellite imagery and market prices warn early of local food shortages?",
        ),
        insights=(
            "Most losses happened in the first day after harvest, not in transport as everyone "
            "had assumed.",
            "Farmers took up cold storage when it was shared and paid per crate, not when it was "
            "sold to them.",
            "Satellite-based crop estimates were accurate enough to warn of price spikes weeks in "
            "advance.",
            "Middlemen turned out to be essential partners rather than the problem: they financed "
            "much of the harvest.",
        ),
        civil_society=("{country} Smallholder Farmers Union", "{city} Urban Gardens Collective"),
        private=("ColdChain {country}", "{city} Fresh Produce Market Company"),
        un="World Food Programme",
    ),
    Theme(
        name="urban mobility",
        short="urban mobility",
        related="climate adaptation",
        sdgs=(11, 3, 13),
        methods=(
            "Citizen Science",
            "Prototyping",
            "Behavioural Insights",
            "Collective Intelligence",
        ),
        datasources=("mobile phone data", "sensor data", "surveys", "social media data"),
        portfolio="Transport and Infrastructure",
        faculty="Civil Engineering",
        cluster="sustainable cities",
        people="commuters from the outer neighbourhoods, especially women and people with "
        "disabilities",
        problem=(
            "getting around {city} takes longer, costs more and is more dangerous every year, and "
            "the people who walk or take minibuses are the ones the transport system plans for "
            "least"
        ),
        aim=(
            "understand how people actually move through the city and test low-cost ways of "
            "making walking, cycling and shared transport safer"
        ),
        titles=(
            "Streets for people: safer walking and cycling in {city}",
            "Mapping the informal minibus network of {city}",
            "How {city} moves: data for fairer urban mobility",
        ),
        drivers=(
            "a fast-growing car fleet on roads that were never designed for it",
            "informal minibus routes that appear on no official map",
            "planning that prioritises roads over sidewalks",
            "the absence of reliable data on how people travel",
        ),
        effects=(
            "commutes of two hours or more for residents of the periphery",
            "a rising number of pedestrians killed or injured in traffic",
            "air pollution that regularly exceeds health limits",
        ),
        signals=(
            "bicycle couriers and e-scooter rentals are appearing in the city centre",
            "women share routes they consider safe through a popular online group",
            "minibus drivers use a messaging app to coordinate routes and fares",
            "residents of one neighbourhood painted their own pedestrian crossing near a school",
        ),
        stats=(
            "The average commuter in {city} spends {n} minutes a week in traffic.",
            "Pedestrians account for {pct}% of road deaths in {where}.",
            "Only {pct2}% of the city's streets have a usable sidewalk.",
        ),
        questions=(
            "What does the real map of informal transport routes in {city} look like?",
            "Which low-cost street changes make walking safer, and what do residents think of "
            "them?",
            "How do women and people with disabilities choose their routes and means of transport?",
        ),
        insights=(
            "Minibus drivers know the city's demand better than any model; their routes were a "
            "ready-made network map.",
            "Temporary street changes made with paint and planters won support that years of "
            "consultation had not.",
            "Women changed routes and times to avoid harassment, paying a hidden safety tax in "
            "time and money.",
            "Mobile phone data confirmed what residents told us: the busiest trips run between "
            "peripheral neighbourhoods, not to the centre.",
        ),
        civil_society=("{city} Cycling Alliance", "Walkable {city}"),
        private=("{city} Minibus Owners Association", "RideShare {country}"),
        un="UN-Habitat",
    ),
    Theme(
        name="waste management",
        short="solid waste management",
        related="circular economy",
        sdgs=(11, 12, 6),
        methods=("Citizen Science", "Behavioural Insights", "Solutions Mapping", "Co-creation"),
        datasources=("satellite imagery", "sensor data", "surveys", "administrative data"),
        portfolio="Environmental Protection",
        faculty="Environmental Engineering",
        cluster="environment and green economy",
        people="waste pickers and residents of unserved neighbourhoods",
        problem=(
            "much of the waste produced in {city} is never collected and ends up burned, in "
            "rivers or on illegal dumpsites, while the waste pickers who recover most recyclables "
            "work without recognition or protection"
        ),
        aim=(
            "map the waste that escapes collection and test ways for the city and waste pickers "
            "to work together"
        ),
        titles=(
            "Who picks up the waste of {city}? Recognising informal waste pickers",
            "Mapping illegal dumpsites in {city} from space and from the street",
            "Less waste, cleaner rivers: community solutions in {where}",
        ),
        drivers=(
            "collection services that stop where paved roads end",
            "urban growth that outpaces municipal budgets",
            "almost no separation of waste at source",
            "landfills close to capacity",
        ),
        effects=(
            "plastic-clogged drains that turn heavy rain into floods",
            "open burning that pollutes the air in dense neighbourhoods",
            "waste pickers working in dangerous conditions for very low pay",
        ),
        signals=(
            "residents pay small private collectors where the municipal truck does not come",
            "waste pickers have begun organising into cooperatives and asking for contracts",
            "photos of plastic-choked rivers trend on social media after every storm",
            "several schools started buying back plastic bottles from pupils",
        ),
        stats=(
            "The municipality collects an estimated {pct}% of the waste generated in {city}.",
            "A first satellite analysis identified {n} likely illegal dumpsites inside the city "
            "limits.",
            "Informal waste pickers recover about {pct2}% of all the recyclables that are "
            "recycled in {where}.",
        ),
        questions=(
            "Where does uncollected waste go, and can we map illegal dumpsites continuously?",
            "What would a fair partnership between the municipality and waste pickers' "
            "cooperatives look like?",
            "Which nudges make households separate their waste at source?",
        ),
        insights=(
            "Illegal dumpsites clustered where the nearest collection point was more than ten "
            "minutes' walk away.",
            "Waste pickers' cooperatives could serve unreached neighbourhoods at lower cost than "
            "the municipal fleet.",
            "Households separated waste when they could see where it went, not when they were "
            "told to.",
            "Satellite imagery found dumpsites reliably, but checks on the ground by residents "
            "kept the map current.",
        ),
        civil_society=("{city} Waste Pickers Cooperative", "Clean Rivers {country}"),
        private=("{city} Recycling Company", "EcoCollect {country}"),
        un="UN Environment Programme",
    ),
    Theme(
        name="renewable energy",
        short="clean energy access",
        related="climate adaptation",
        sdgs=(7, 13, 1),
        methods=("Foresight", "Prototyping", "Portfolio Sensemaking", "Systems Thinking"),
        datasources=("satellite imagery", "sensor data", "surveys", "mobile phone data"),
        portfolio="Energy",
        faculty="Electrical Engineering",
        cluster="nature, climate and energy",
        people="off-grid households and small rural businesses",
        problem=(
            "many rural households and small businesses in {where} still lack reliable "
            "electricity, and the solar products on the market are too expensive or too fragile "
            "for them"
        ),
        aim=(
            "understand how off-grid communities use and pay for energy and test business models "
            "that make clean energy affordable"
        ),
        titles=(
            "Powering small businesses with the sun in rural {country}",
            "Beyond the grid: community energy in {where}",
            "Clean energy, fair prices: pay-as-you-go solar around {second_city}",
        ),
        drivers=(
            "a national grid that reaches only the main towns",
            "upfront costs that rural households cannot pay at once",
            "a market flooded with low-quality solar products",
            "fossil fuel subsidies that distort prices",
        ),
        effects=(
            "households spending a large share of their income on kerosene and batteries",
            "health clinics and schools without reliable power",
            "small businesses unable to run productive equipment such as mills or refrigerators",
        ),
        signals=(
            "solar kits are increasingly bought in instalments through mobile money",
            "technicians trained through online videos repair broken panels in village markets",
            "a few cooperatives run small mini-grids and sell power to their neighbours",
            "families abroad pay for solar systems for relatives back home",
        ),
        stats=(
            "About {pct}% of rural households in {where} are not connected to the grid.",
            "Off-grid households spend up to {small}% of their income on lighting and phone "
            "charging.",
            "Night-time satellite imagery shows {n} villages with no visible electric light.",
        ),
        questions=(
            "How do off-grid households and businesses use and pay for energy today?",
            "Which payment models make solar affordable for the poorest households?",
            "Can satellite and sensor data show where energy access is improving faster than "
            "surveys can?",
        ),
        insights=(
            "Productive uses such as milling and cooling paid for solar systems; lighting alone "
            "rarely did.",
            "Repairs and after-sales service decided whether households kept using solar more "
            "than the price did.",
            "Night-time light data tracked new connections well enough to guide where to invest "
            "next.",
            "Community-owned mini-grids worked where a trusted local institution collected the "
            "payments.",
        ),
        civil_society=(
            "{country} Rural Electrification Cooperative",
            "Women Solar Technicians of {country}",
        ),
        private=("SunPay {country}", "{city} Solar Installers Association"),
        un="UN Industrial Development Organization",
    ),
]
METHODS = [
    "Collective Intelligence",
    "Co-creation",
    "Solutions Mapping",
    "Ethnography",
    "Foresight",
    "Behavioural Insights",
    "Systems Thinking",
    "Portfolio Sensemaking",
    "Citizen Science",
    "Prototyping",
]
# Shared by labs in several countries, so the partner directory has organisations with many plans.
INTERNATIONAL = [
    "Open Cities Foundation",
    "Global Data Commons Initiative",
    "Nordic Fund for Local Innovation",
    "Climate Resilience Partnership Facility",
]
MEDIA = ["{city} Community Radio", "{country} Data Journalism Network"]

# Future tense, for the plan's learning questions.
METHOD_USES = {
    "Collective Intelligence": (
        "We will pool what {people}, experts and officials know through an online deliberation "
        "and a series of open workshops in {city}."
    ),
    "Co-creation": (
        "We will run co-creation sessions in which {people} and officials design the first "
        "prototypes together."
    ),
    "Solutions Mapping": (
        "Our solutions mappers will visit markets and neighbourhoods in {city} and {second_city} "
        "to find and document the fixes people have already put in place."
    ),
    "Ethnography": (
        "We will follow {people} through a typical day to understand the reasoning behind their "
        "choices, not only the choices themselves."
    ),
    "Foresight": (
        "A foresight exercise with young people and planners will explore how the challenge may "
        "evolve over the next fifteen years and which options hold up in every scenario."
    ),
    "Behavioural Insights": (
        "We will design small changes in how options are presented and compare them in a "
        "randomised trial with the {portfolio_office}."
    ),
    "Systems Thinking": (
        "We will map the system around the challenge with the actors involved, looking for "
        "leverage points rather than symptoms."
    ),
    "Portfolio Sensemaking": (
        "Quarterly sensemaking sessions with the Country Office will connect what we learn to "
        "the wider portfolio on {cluster}."
    ),
    "Citizen Science": (
        "Volunteers from {city} will collect data themselves, with simple tools we develop "
        "together with researchers from {university}."
    ),
    "Prototyping": (
        "We will build quick, low-cost prototypes and test them with {people} before anything "
        "is scaled."
    ),
}
# Past tense, for the progress report.
METHOD_RESULTS = {
    "Collective Intelligence": (
        "Collective intelligence let us combine what officials knew with what {people} knew, and "
        "showed exactly where the two disagreed."
    ),
    "Co-creation": (
        "Co-creation gave the people affected a real say in the design, which is why the "
        "prototypes were used at all."
    ),
    "Solutions Mapping": (
        "Solutions mapping showed that many answers already existed in {city}; our job became "
        "to strengthen them rather than invent new ones."
    ),
    "Ethnography": (
        "Ethnography revealed the everyday constraints behind choices that looked irrational "
        "from the outside."
    ),
    "Foresight": (
        "Foresight moved the conversation with the ministry from this year's crisis to the "
        "decisions that will matter in ten years."
    ),
    "Behavioural Insights": (
        "Behavioural insights let us test small, cheap changes and show which ones actually "
        "shifted behaviour."
    ),
    "Systems Thinking": (
        "Mapping the system made visible how the problem is held in place by incentives that "
        "no single actor controls."
    ),
    "Portfolio Sensemaking": (
        "Sensemaking with colleagues across the Country Office turned isolated findings into "
        "decisions about the {cluster} portfolio."
    ),
    "Citizen Science": (
        "Citizen science gave us data where none existed, and gave residents ownership of the "
        "evidence about their own neighbourhoods."
    ),
    "Prototyping": (
        "Prototyping let us fail early and cheaply; two ideas we were sure about did not survive "
        "the first week of testing."
    ),
}
DATA_GAPS = {
    "in-depth interviews": (
        "Official surveys tell us how many people are affected but not why; in-depth interviews "
        "fill that gap."
    ),
    "satellite imagery": (
        "Official maps of {city} are updated only every few years; satellite imagery shows "
        "changes within weeks."
    ),
    "social media data": (
        "There is no official record of how people talk about the issue; social media data "
        "shows what worries them in real time."
    ),
    "surveys": (
        "The last national survey on the topic is several years old and not representative at "
        "city level, so a short survey of our own is needed."
    ),
    "administrative data": (
        "Ministries hold administrative records that have never been analysed for this question; "
        "opening and combining them costs little."
    ),
    "mobile phone data": (
        "Anonymised, aggregated mobile phone data shows movement and payment patterns that no "
        "census captures."
    ),
    "sensor data": (
        "There are only a handful of official monitoring stations; low-cost sensors fill the "
        "gaps between them."
    ),
    "web scraping": (
        "Prices and offers published online are never collected systematically; scraping them "
        "gives a continuous series."
    ),
}
VALUE_ADDS = [
    "This gives us a view from the ground that official statistics cannot provide.",
    "It adds the perspective of the people who live with the problem every day.",
    "It lets us learn cheaply before the Country Office or the government commits larger "
    "resources.",
    "It moves the discussion in {city} from assumptions to evidence about what works.",
]
BACKGROUND_OPENINGS = [
    "The problem is not new in {where}: it has been building up for more than a decade, driven "
    "above all by {driver}.",
    "Over the past few years {driver} and {driver2} have combined to make this one of the most "
    "discussed issues in {city}.",
    "Conversations in {city} and {second_city} with {people} point to {driver} as the main "
    "cause, made worse by {driver2}.",
]
BACKGROUND_ACTORS = [
    "The actors involved range from the Ministry of {portfolio} and local authorities to "
    "{people}, community organisations and a handful of companies, yet they rarely sit at the "
    "same table.",
    "Responsibility is split between national and municipal institutions, while {people} carry "
    "most of the cost and have the least say in how solutions are designed.",
    "Many organisations work on parts of the problem, but each sees only its own piece, and "
    "{people} are seldom asked what they need.",
]
BACKGROUND_EFFECTS = [
    "Today the result is {effect} and {effect2}.",
    "The undesired effects are easy to see: {effect}, {effect2}, and a growing sense among "
    "the people affected that public programmes are not made for them.",
]
BACKGROUND_CLOSINGS = [
    "At the same time, we see local actors experimenting with alternatives that deserve closer "
    "attention.",
    "Earlier pilots were designed from the top down and rarely survived the end of their "
    "funding, which is why we want to start from what people already do.",
    "The COVID-19 pandemic and rising living costs have only sharpened the problem.",
]
VALUE_PROPOSITIONS = [
    "Our lab can bring together actors who do not usually work with each other, around one "
    "shared question about {short}.",
    "Unlike programme teams bound to fixed results frameworks, we can test small ideas quickly "
    "and fail cheaply before anyone commits a large budget.",
    "Through solutions mapping we already know {n_solutions} grassroots initiatives related to "
    "{short} in {where}, a head start no other actor has.",
    "The Country Office is redesigning its {cluster} portfolio this year, so what we learn can "
    "shape it directly.",
    "Government partners have asked for evidence they can act on, and nobody else is "
    "collecting it at the level of neighbourhoods and households.",
    "The challenge is worth the investment because the people most affected are the ones "
    "current programmes reach least.",
]
EARLY_LEADS = [
    "The Ministry of {portfolio} is the natural owner of anything that works; its planning "
    "department has asked to join from the first workshop.",
    "Beyond government, {private_partner} could take a working model to scale through its own "
    "network.",
    "The municipality of {second_city} could be an early adopter: its mayor has already "
    "approached us about {short}.",
    "Inside UNDP, the {cluster} portfolio is preparing a new project into which the results "
    "could be built.",
    "{people_cap} themselves are the most important champions; we will keep them involved "
    "through the associations that represent them.",
]
QUALITATIVE_INTROS = [
    "Weak signals we picked up during field visits and online listening:",
    "What we have seen and heard over the last months:",
    "Signals from our solutions mapping and social listening:",
]
QUOTES = [
    '"Nobody ever asked us what we need," one participant told us at a workshop in {second_city}.',
    '"We solve this ourselves every day, we just do not call it innovation," said a community '
    "leader in {city}.",
    '"The programmes come and go, the problem stays," a local official admitted.',
]
PLAN_DESCRIPTIONS = {
    "government": [
        "Co-owner of the challenge: it will host the experiments and decide on scaling.",
        "Gives access to administrative data and aligns the experiments with the national "
        "strategy on {short}.",
    ],
    "private": [
        "Will co-design and co-fund a prototype with us and share anonymised data.",
        "Brings its customer network and the practical knowledge of a business that works with "
        "{people} every day.",
    ],
    "civil_society": [
        "Gives us access to {people} and will co-facilitate the community sessions.",
        "Its members will take part in the research and help us test ideas in their "
        "neighbourhoods.",
    ],
    "academia": [
        "Research partner: students and faculty will help design the survey and analyse the "
        "results.",
        "Will host a joint studio course in which students prototype solutions with us.",
    ],
    "un": [
        "Shares its field network and joins the sensemaking sessions, so that results feed into "
        "joint programming.",
        "Brings technical expertise on {short} and will consider the results for its next "
        "country programme.",
    ],
    "international": [
        "Will co-fund the test phase and connect us with similar experiments in other countries.",
        "Offers technical advice and a peer network of cities working on {short}.",
    ],
    "media": [
        "Will co-produce a series of stories about the people behind the solutions we find.",
        "Helps us open the conversation on {short} beyond experts, in local languages.",
    ],
}
REPORT_DESCRIPTIONS = {
    "government": "Hosted the experiments and co-owned the results; its team joined every "
    "sensemaking session.",
    "private": "Co-designed and co-financed a prototype and shared anonymised data with us.",
    "civil_society": "Mobilised {people} for interviews and workshops and co-facilitated the "
    "community sessions.",
    "academia": "Designed the survey, analysed the data and co-authored the final report.",
    "un": "Joined the fieldwork and is building the results into its own programming.",
    "international": "Co-funded the test phase and connected us with similar experiments abroad.",
    "media": "Co-produced a series of stories about the people behind the solutions we mapped.",
}
GENERIC_QUESTIONS = [
    "What can we learn from the solutions {people} have already put in place?",
    "Which partners in {where} would take over a solution that works, and what evidence would "
    "they need?",
]
GENERIC_INSIGHTS = [
    "Working with unusual partners took longer at the start but opened doors that formal "
    "channels could not.",
    "Real-time data was most useful when it was discussed with the people it described.",
    "Small tests with clear success criteria convinced decision makers more than reports did.",
    "The problem looked different from {second_city} than from the capital, and solutions had "
    "to be adapted locally.",
    "Ownership has to be built from the start; handing a prototype over at the end was too late.",
]
HANDOVER_DETAILS = {
    "scaled": [
        "The {government_partner} has taken over the prototype and included it in its work plan "
        "for {next_year}; we continue to advise its team.",
        "The UNDP {cluster} portfolio has built the approach into a new project that covers "
        "{second_city} and three more municipalities.",
    ],
    "not_scaled": [
        "The work has not scaled yet. We documented the results and are discussing next steps "
        "with the {government_partner}, which wants more evidence before committing a budget.",
    ],
}
BONUS_ANSWERS = [
    "Without {partner} we would never have reached {people}, and without {datasource} we could "
    "not have shown officials what we were hearing. Together they let us make the case for "
    "{short} in a language both communities and ministries understood.",
    "The combination mattered more than any single element: {method} surfaced the right "
    "questions, {datasource} let us check them at scale, and partners such as "
    "{partner} made it possible to act on the answers.",
]
