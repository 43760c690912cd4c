//! The word inventory of `variants_gen.rs`: names, places, and per subject area (a *domain*) its
//! organisations, roles, nouns, verbs, adjectives and groups of people, plus the general words
//! every article uses. Lists are space-separated; `_` joins the words of one entry (`city_hall`
//! is "city hall"). Verbs are `base`, or `base:past` or `base:past:participle` when irregular.
//! Organisation templates name a place with `{P}` and a surname with `{S}`.

/// First names (some with accents, which the app folds).
pub const FIRST_NAMES: &str = "James Mary Robert Patricia John Jennifer Michael Linda David \
    Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa \
    Matthew Nancy Anthony Betty Mark Margaret Donald Sandra Steven Ashley Paul Kimberly Andrew \
    Emily Joshua Donna Kenneth Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah \
    Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob Kathleen Gary Amy \
    Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole \
    Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra Frank Rachel \
    Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather Tyler Diane Aaron Ruth \
    Jose Julie Adam Olivia Nathan Joyce Henry Virginia Douglas Victoria Zachary Kelly Peter Lauren \
    Kyle Christina Ethan Joan Walter Evelyn Noah Judith Jeremy Megan Christian Andrea Keith Cheryl \
    Roger Hannah Terry Jacqueline Gerald Martha Harold Gloria Sean Teresa Austin Ann Carl Sara \
    Arthur Madison Lawrence Frances Dylan Kathryn Jesse Janice Jordan Jean Bryan Abigail Billy Alice \
    Félix Zoë José Renée Chloé André Søren Inês Noémie Björn Mateo Priya Aisha Tariq Mei Kenji \
    Oluwaseun Ngozi Dmitri Katarzyna Siobhan Declan Marisol Rafael Yusuf Leilani Anders Ingrid";

/// Surnames (some with accents).
pub const SURNAMES: &str = "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez \
    Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez \
    Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott \
    Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts \
    Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy \
    Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward \
    Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez \
    Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan \
    Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson \
    Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson \
    Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald \
    Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson \
    Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer \
    Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels \
    Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins \
    Farraday Halvorsen Okonkwo Nakamura Lindqvist Kowalski Brennan Quaye Abernathy Thornbury \
    Müller Núñez Peña Lefèvre Ødegaard Gallagher Delacroix Ferreira Osei Mbeki Haddad Sato";

/// First parts of invented town names.
pub const PLACE_HEADS: &str = "Ash Bright Cold Elm Fair Green High Long Maple Oak Pine Red Silver \
    Stone Wood Clear Deer Fox Glen Hazel Iron Lake Mill North South East West Rock Sand Spring \
    Willow Birch Cedar Cliff Crow Dun Hart Kings Lind Marsh Mead Newt Orchard Rose Salt Thorn \
    Wolf Alder Brook Castle Chester Dover Harrow Kestrel Linton Merrow Pember Quarry Rivers";

/// Last parts of invented town names.
pub const PLACE_TAILS: &str = "ford field ton wick brook bury haven ridge dale mouth port stead \
    ley worth minster well hurst moor gate bridge wood vale by combe borough ham";

/// Stand-alone place words that make a second kind of place name (`Port Kestrel`, `Ashby Falls`).
pub const PLACE_WORDS: &str = "Port Falls Springs Harbor Heights Junction Point Landing Creek \
    Hollow Bay Valley Crossing";

/// One subject area's words.
pub struct Domain {
    /// What the area is (only for the reader of this file).
    pub name: &'static str,
    /// Organisation templates.
    pub orgs: &'static str,
    /// The short name an organisation goes by after its first mention, one per template.
    pub short: &'static str,
    /// Job titles.
    pub roles: &'static str,
    /// Nouns (singular).
    pub nouns: &'static str,
    /// Transitive verbs.
    pub verbs: &'static str,
    /// Adjectives.
    pub adjectives: &'static str,
    /// Groups of people (plural).
    pub groups: &'static str,
}

/// The subject areas.
pub const DOMAINS: &[Domain] = &[
    Domain {
        name: "local government",
        orgs: "the_{P}_City_Council the_{P}_County_Board_of_Supervisors the_{P}_Planning_Commission \
            the_office_of_{P}_Mayor_{S} the_{P}_Finance_Committee",
        short: "the_council the_board the_commission the_mayor's_office the_committee",
        roles: "mayor council_member city_manager budget_director county_executive finance_chair \
            deputy_mayor city_attorney",
        nouns: "budget ordinance proposal tax levy deficit measure amendment hearing ballot district \
            zoning_change bond_issue surplus reserve fund spending_plan fee parking_rule audit \
            recall_petition term_limit referendum ward annexation",
        verbs: "approve reject delay amend pass veto:vetoed debate postpone fund cut:cut:cut raise \
            propose table review adopt introduce repeal scrap:scrapped endorse",
        adjectives: "fiscal municipal bipartisan contentious narrow revised proposed annual \
            controversial unanimous temporary citywide",
        groups: "residents taxpayers voters council_members activists business_owners \
            neighborhood_groups homeowners",
    },
    Domain {
        name: "courts",
        orgs: "the_{P}_County_District_Attorney's_Office the_{P}_Superior_Court \
            the_State_Court_of_Appeals the_{P}_Public_Defender's_Office {S}_&_{S}_LLP",
        short: "the_prosecutors the_court the_appeals_court the_defenders the_firm",
        roles: "district_attorney judge defense_lawyer prosecutor public_defender court_clerk \
            presiding_judge lead_attorney",
        nouns: "trial verdict sentence indictment plea jury lawsuit appeal ruling motion \
            settlement testimony witness charge hearing conviction subpoena deposition injunction \
            bail_request evidence affidavit complaint",
        verbs: "dismiss file:filed grant reject uphold:upheld:upheld overturn:overturned:overturned \
            delay seek:sought:sought challenge appeal settle drop:dropped hear:heard:heard \
            reverse order unseal",
        adjectives: "federal criminal civil sealed pending unanimous lengthy landmark wrongful \
            procedural disputed preliminary",
        groups: "jurors lawyers prosecutors plaintiffs defendants witnesses relatives victims",
    },
    Domain {
        name: "transport",
        orgs: "the_{P}_Transit_Authority the_State_Department_of_Transportation \
            the_{P}_Port_Authority the_{P}_Ferry_Service {S}_Construction",
        short: "the_authority the_department the_port_authority the_ferry_service the_contractor",
        roles: "transit_director chief_engineer project_manager operations_chief spokesperson \
            board_chair safety_inspector",
        nouns: "bridge tunnel ferry terminal bus_route rail_line highway interchange fare \
            timetable depot overpass bypass toll platform signal_system bike_lane crossing \
            commuter_service expansion repair_project lane closure detour",
        verbs: "close reopen:reopened repair widen inspect build:built:built extend replace \
            reroute suspend expand upgrade resurface cancel:canceled restore",
        adjectives: "structural overdue delayed congested rural regional temporary elevated \
            aging costly northbound southbound",
        groups: "commuters drivers passengers cyclists engineers crews riders truckers",
    },
    Domain {
        name: "health",
        orgs: "{P}_General_Hospital the_{P}_County_Health_Department the_State_Board_of_Health \
            the_{P}_Medical_Center the_{S}_Family_Clinic",
        short: "the_hospital the_health_department the_board the_medical_center the_clinic",
        roles: "chief_medical_officer health_director head_nurse epidemiologist hospital_president \
            clinic_director public_health_officer",
        nouns: "outbreak vaccine clinic ward emergency_room waiting_list staffing_shortage \
            infection screening program treatment surgery patient_record ambulance \
            mental_health_service pharmacy prescription diagnosis case_count trial_drug \
            maternity_unit nursing_home",
        verbs: "treat test:tested screen vaccinate close expand hire recall:recalled report \
            investigate monitor admit:admitted discharge prescribe confirm",
        adjectives: "clinical contagious chronic rural acute preventive elderly critical \
            overcrowded experimental routine seasonal",
        groups: "patients nurses doctors parents caregivers health_workers paramedics \
            pharmacists",
    },
    Domain {
        name: "education",
        orgs: "the_{P}_Unified_School_District the_{P}_School_Board {P}_Community_College \
            the_State_University_of_{P} the_{P}_Teachers_Association",
        short: "the_district the_board the_college the_university the_association",
        roles: "superintendent principal school_board_president provost dean teacher \
            union_president admissions_director",
        nouns: "school curriculum enrollment tuition classroom test_score graduation_rate \
            campus scholarship textbook lunch_program bus_contract semester charter_school \
            library gymnasium literacy_program exam teacher_contract dormitory",
        verbs: "close merge hire open:opened expand cut:cut:cut raise revise test:tested enroll \
            suspend renovate replace approve fund",
        adjectives: "academic elementary remote overcrowded underfunded vocational bilingual \
            statewide public private annual standardized",
        groups: "students parents teachers graduates faculty_members staff_members \
            principals families",
    },
    Domain {
        name: "business",
        orgs: "{S}_Industries {P}_Savings_Bank the_{P}_Chamber_of_Commerce {S}_Foods \
            the_{P}_Economic_Development_Corporation",
        short: "the_company the_bank the_chamber the_company the_corporation",
        roles: "chief_executive chief_financial_officer founder plant_manager economist \
            chamber_president sales_director analyst",
        nouns: "factory plant merger acquisition layoff profit revenue quarter shareholder \
            contract warehouse store franchise product supplier price loan investment \
            headquarters shipment expansion deal earnings_report",
        verbs: "acquire merge announce:announced sell:sold:sold buy:bought:bought shut:shut:shut \
            invest relocate launch expand close report post:posted open:opened hire",
        adjectives: "quarterly annual profitable struggling regional global retail wholesale \
            expected disappointing record steady",
        groups: "workers shareholders investors customers employees suppliers analysts \
            shoppers",
    },
    Domain {
        name: "environment",
        orgs: "the_State_Environmental_Protection_Agency the_{P}_Watershed_Council \
            Friends_of_{P}_River the_{P}_Parks_Department {S}_Energy",
        short: "the_agency the_council the_group the_parks_department the_utility",
        roles: "environmental_scientist parks_director conservation_officer water_manager \
            campaigner utility_spokesperson biologist",
        nouns: "river wetland pipeline spill emission permit forest reservoir wildfire \
            habitat species drought landfill wind_farm solar_project water_supply cleanup \
            runoff flood_plain shoreline groundwater",
        verbs: "protect restore pollute:polluted permit:permitted monitor clean drain \
            contaminate:contaminated plant:planted dredge:dredged release test:tested block \
            designate",
        adjectives: "toxic endangered coastal renewable native protected contaminated \
            sustainable invasive dry polluted wild",
        groups: "environmentalists anglers hikers farmers scientists landowners volunteers \
            conservationists",
    },
    Domain {
        name: "housing",
        orgs: "the_{P}_Housing_Authority {S}_Development_Group the_{P}_Tenants_Union \
            the_{P}_Building_Department {S}_Property_Management",
        short: "the_authority the_developer the_union the_department the_landlord",
        roles: "housing_director developer tenant_organizer building_inspector property_manager \
            planner real_estate_agent",
        nouns: "apartment rent eviction tenant development subdivision mortgage shelter \
            building_permit housing_project affordable_unit lease foreclosure vacancy_rate \
            tower lot renovation inspection waitlist landlord_registry",
        verbs: "build:built:built evict demolish renovate inspect approve convert lease \
            rezone:rezoned freeze:froze:frozen finance subsidize register block sell:sold:sold",
        adjectives: "affordable vacant luxury subsidized crowded unsafe residential \
            mixed-use empty modular historic low-income",
        groups: "tenants landlords renters homeowners developers families neighbors \
            homeless_residents",
    },
    Domain {
        name: "labour",
        orgs: "the_{P}_Nurses_Union Local_{N}_of_the_Transit_Workers_Union the_{P}_Labor_Council \
            the_State_Labor_Board {S}_Manufacturing",
        short: "the_union the_local the_labor_council the_labor_board the_employer",
        roles: "union_president shop_steward negotiator labor_organizer human_resources_director \
            mediator spokesperson",
        nouns: "strike picket_line contract wage pension overtime shift grievance walkout \
            bargaining_session lockout agreement raise benefit health_plan workload \
            safety_complaint vote seniority_rule",
        verbs: "ratify:ratified reject negotiate strike:struck:struck picket:picketed demand \
            offer:offered extend freeze:froze:frozen end:ended accept mediate file:filed resume",
        adjectives: "tentative final binding hourly mandatory collective unpaid temporary \
            overdue fair unsafe retroactive",
        groups: "workers members nurses drivers mechanics employees organizers retirees",
    },
    Domain {
        name: "technology",
        orgs: "{S}_Labs {P}_Broadband_Cooperative the_State_Office_of_Technology \
            {S}_Software the_{P}_Data_Center",
        short: "the_company the_cooperative the_office the_firm the_data_center",
        roles: "chief_technology_officer software_engineer security_researcher product_manager \
            startup_founder network_administrator",
        nouns: "network outage breach app software update server data_center broadband \
            cable satellite chip password algorithm platform database cyberattack \
            privacy_policy sensor download subscription",
        verbs: "patch:patched launch hack:hacked encrypt upgrade disable restore install \
            collect:collected track:tracked release delete test:tested deploy",
        adjectives: "digital wireless encrypted automated online remote outdated secure \
            vulnerable experimental rural high-speed",
        groups: "users customers engineers developers hackers subscribers researchers \
            programmers",
    },
    Domain {
        name: "sports",
        orgs: "the_{P}_Rovers the_{P}_High_School_Athletic_Association the_{P}_Stadium_Authority \
            the_{P}_Marathon_Committee the_{S}_Foundation",
        short: "the_club the_association the_stadium_authority the_committee the_foundation",
        roles: "head_coach general_manager team_captain athletic_director owner referee \
            league_commissioner",
        nouns: "season game match stadium championship title playoff roster injury \
            transfer ticket trophy tournament final league coach practice record \
            scholarship_athlete field marathon",
        verbs: "win:won:won lose:lost:lost sign:signed trade:traded host:hosted beat:beat:beaten \
            suspend draft:drafted renovate qualify schedule cancel:canceled defend",
        adjectives: "undefeated injured regular-season historic home away professional \
            amateur sold-out rival varsity veteran",
        groups: "fans players athletes coaches spectators season_ticket_holders referees \
            volunteers",
    },
    Domain {
        name: "culture",
        orgs: "the_{P}_Museum_of_Art the_{P}_Public_Library the_{P}_Historical_Society \
            the_{P}_Symphony_Orchestra the_{S}_Theater_Company",
        short: "the_museum the_library the_society the_orchestra the_theater_company",
        roles: "museum_director curator librarian conductor artistic_director archivist \
            festival_organizer",
        nouns: "exhibition collection painting festival concert archive manuscript \
            sculpture performance gallery theater season mural artifact donation \
            lecture restoration film premiere fundraiser",
        verbs: "open:opened host:hosted acquire display restore donate cancel:canceled \
            perform:performed commission:commissioned unveil:unveiled lend:lent:lent \
            return:returned digitize stage",
        adjectives: "rare historic contemporary permanent traveling local classical \
            restored annual ancient popular experimental",
        groups: "visitors artists musicians volunteers patrons historians collectors \
            audiences",
    },
    Domain {
        name: "weather",
        orgs: "the_National_Weather_Service the_{P}_County_Emergency_Management_Office \
            the_{P}_Fire_Department the_State_Highway_Patrol {P}_Electric",
        short: "the_weather_service the_emergency_office the_fire_department the_patrol the_utility",
        roles: "meteorologist emergency_manager fire_chief sheriff utility_spokesperson \
            forecaster rescue_coordinator",
        nouns: "storm flood snowfall power_outage evacuation warning rainfall heat_wave \
            tornado wind_gust shelter sandbag levee road_closure damage_estimate \
            rescue ice_storm mudslide forecast blizzard",
        verbs: "evacuate flood warn close restore clear damage issue:issued rescue \
            reopen:reopened forecast:forecast:forecast declare shelter open:opened",
        adjectives: "severe heavy torrential icy flooded widespread record-breaking \
            dangerous strong coastal low-lying overnight",
        groups: "residents motorists crews firefighters volunteers farmers evacuees \
            homeowners",
    },
    Domain {
        name: "fisheries and farming",
        orgs: "the_{P}_Fishermen's_Cooperative the_State_Department_of_Agriculture \
            the_{P}_Farm_Bureau {S}_Seafood the_{P}_Harbor_Commission",
        short: "the_cooperative the_department the_bureau the_processor the_harbor_commission",
        roles: "harbor_master fleet_owner farm_bureau_president agronomist processor \
            fisheries_officer dairy_farmer",
        nouns: "catch quota harvest crop fleet trawler herd dairy orchard irrigation \
            subsidy license landing processing_plant cannery grain_price hake_stock \
            cattle feed fertilizer drought_relief",
        verbs: "harvest land:landed plant:planted export import cut:cut:cut extend close \
            inspect subsidize irrigate ban:banned sell:sold:sold lease restrict",
        adjectives: "commercial seasonal organic coastal record poor wholesale \
            sustainable dry frozen local federal",
        groups: "fishermen farmers growers processors ranchers deckhands buyers \
            dairy_farmers",
    },
];

/// Nouns of any story: documents, decisions, concerns.
pub const GENERAL_NOUNS: &str = "decision plan proposal report issue concern meeting agreement \
    question review investigation study statement letter survey analysis schedule cost estimate \
    deadline vote process policy change request delay problem solution effort project goal \
    priority response criticism support opposition pressure risk impact result outcome step \
    timeline framework document memo presentation briefing assessment option compromise \
    challenge complaint warning recommendation finding interview petition announcement update \
    discussion dispute agenda standard requirement rule guideline grant contract shortfall";

/// Verbs of any story (with an object).
pub const GENERAL_VERBS: &str = "consider discuss examine address support oppose \
    criticize question outline unveil:unveiled present:presented release publish \
    finalize request approve reject delay complete begin:began:begun announce \
    defend explain prepare submit:submitted receive expect:expected weigh:weighed \
    revisit:revisited reconsider acknowledge describe welcome estimate";

/// Adjectives of any story.
pub const GENERAL_ADJECTIVES: &str = "new major significant recent initial final detailed \
    broader separate key early long-term short-term additional independent formal public \
    internal preliminary updated similar unusual difficult complex modest serious \
    substantial limited clear brief lengthy crucial careful sweeping unexpected";

/// Adverbs that can stand before a verb.
pub const ADVERBS: &str = "also already still quietly repeatedly publicly formally \
    initially eventually recently previously reportedly largely partly briefly \
    narrowly sharply firmly openly swiftly";

/// Openers of a sentence, with their comma.
pub const CONNECTORS: &str = "However, | Meanwhile, | At the same time, | Still, | In addition, | \
    Separately, | By contrast, | For now, | Even so, | In the meantime, | As a result, | \
    Earlier, | Last year, | In recent weeks, | Since then, | On Monday, | On Tuesday, | \
    On Wednesday, | On Thursday, | On Friday, | Over the weekend, | Last month, | \
    Until now, | In practice, | Under the plan, | For many, | Nonetheless, | In fact, | \
    At one point, | Two years ago, | Days later, | That same week, | In the end, | Instead, | \
    Privately, | Publicly, | Behind the scenes, | By Friday, | In a twist, | So far, | \
    Even before that, | In the weeks since, | Just hours later, | Initially,";

/// When something happened.
pub const TIMES: &str = "on Monday | on Tuesday | on Wednesday | on Thursday | on Friday | \
    on Saturday | on Sunday | last week | earlier this month | last month | this week | \
    on Monday evening | late Tuesday | early Thursday | in January | in March | in June | \
    in September | in November | over the summer | last spring | late last year | \
    earlier this year | two weeks ago | in a closed session | at a public meeting | \
    on Wednesday night | Friday afternoon | over the holiday weekend | in February | in April | \
    in May | in July | in August | in October | in December | three days earlier | \
    the previous week | at a news conference | during a hearing | in a radio interview | \
    at a town hall | in an email | in a court filing | at a rally | before the vote";

/// When something will happen.
pub const FUTURE_TIMES: &str = "next week | next month | by the end of the year | in the spring | \
    before the summer | later this month | within weeks | by December | in the coming months | \
    early next year | at its next meeting | after the election | by the fall | in two years | \
    as soon as Monday | before Thanksgiving | by midsummer | over the next decade | \
    within 90 days | by the end of March | before the budget deadline | in January | \
    later this year | in the new fiscal year | once the review is finished | by 2026 | \
    within a few days | before the holidays | by the next school year | in June";

/// Verbs of saying, in the past tense.
pub const SAY_VERBS: &str = "said said said said said added noted argued warned insisted \
    acknowledged explained wrote told_reporters stressed suggested cautioned maintained";

/// Why or in what circumstances something happened.
pub const CIRCUMSTANCES: &str = "amid rising costs | after months of negotiations | despite \
    objections from residents | following a lengthy debate | without a public hearing | \
    under pressure from state officials | ahead of a key deadline | in a narrow vote | \
    after a review of the figures | in response to complaints | at the request of \
    residents | to save money | for safety reasons | pending further review | as part of a \
    broader overhaul | with little notice | after years of delays | in a bid to cut costs | \
    in a 5-2 vote | by a single vote | on a split vote | after a heated exchange | over the \
    objections of two members | without discussion | behind closed doors | in an unusual \
    move | for the second time this year | after a tip from a resident | despite a court \
    order | under a 2019 agreement | with help from a state grant | to the surprise of many | \
    after a string of complaints | in a last-minute change | weeks ahead of schedule | \
    months behind schedule | over budget | at no cost to taxpayers | with federal money | \
    in the face of a lawsuit | after an audit found problems";

/// Short replies to a request for comment (each a whole clause after the subject).
pub const NO_COMMENT: &str = "did not respond to a request for comment | declined to comment | \
    did not immediately return a call seeking comment | did not respond to messages left on \
    Friday | said it would not comment on pending matters | declined to discuss the details | \
    referred questions to its lawyers | did not return emails seeking comment | could not be \
    reached | declined to be interviewed | said they were reviewing the matter | did not answer \
    written questions | said in an email that they had no comment | did not return a message \
    left at the office | said they would respond at a later date";

/// First-person openings of a quote.
pub const QUOTE_OPENERS: &str = "We | I think we | Frankly, we | Our job is to make sure we | \
    The reality is that we | I don't believe we | We have always said we | \
    What we are asking is that we | At the end of the day, we | I want to be clear that we | \
    Honestly, we | Right now we | If they listen, we | My view is that we | Sooner or later we | \
    Everybody knows we | For the families, we | Last year we said we | Today we | \
    As a community, we | Look, we | In my experience we | If nothing changes, we | \
    The simple truth is we | I've told them we | Whatever happens, we";

/// Words a quote may judge something with.
pub const JUDGEMENTS: &str = "disappointing encouraging unacceptable overdue reasonable \
    unfair premature necessary troubling welcome responsible reckless sensible shameful \
    overdue promising frustrating baffling heartbreaking long-awaited puzzling risky \
    outrageous historic pointless costly";
