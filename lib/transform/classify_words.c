/*
 * classify_words.c - the header words of the column classifier (classify.c): which
 * canonical header tokens (classify_tokens.c) name a person, a thing, a key, a case, a
 * place, a date ... Each list ends with NULL; declared in classify_int.h. And the names
 * of the kinds (odp_cls_kind_name).
 */
#include <stddef.h>

#include "classify.h"
#include "classify_int.h"

static const char *const kind_names[ODP_CLS__COUNT] = {
    [ODP_CLS_KEEP] = "keep",
    [ODP_CLS_EMPTY] = "empty",
    [ODP_CLS_ROW_INDEX] = "row_index",
    [ODP_CLS_PERSON_NAME] = "person_name",
    [ODP_CLS_SSN] = "ssn",
    [ODP_CLS_CARD] = "credit_card",
    [ODP_CLS_EMAIL] = "email",
    [ODP_CLS_PHONE] = "phone",
    [ODP_CLS_IP] = "ip",
    [ODP_CLS_PERSON_KEY] = "person_key",
    [ODP_CLS_CASE_NUMBER] = "case_number",
    [ODP_CLS_LICENSE] = "license",
    [ODP_CLS_PLATE] = "plate",
    [ODP_CLS_VIN] = "vin",
    [ODP_CLS_ADDRESS] = "address",
    [ODP_CLS_HOUSE_NUMBER] = "house_number",
    [ODP_CLS_APARTMENT] = "apartment",
    [ODP_CLS_POINT] = "point",
    [ODP_CLS_LATLON] = "coordinate",
    [ODP_CLS_PROJECTED] = "projected_coordinate",
    [ODP_CLS_BBL] = "bbl",
    [ODP_CLS_BIRTH_DATE] = "birth_date",
    [ODP_CLS_DATE] = "date",
    [ODP_CLS_ZIP] = "zip",
    [ODP_CLS_SENSITIVE] = "sensitive",
    [ODP_CLS_FREE_TEXT] = "free_text",
};

const char *
odp_cls_kind_name(enum odp_cls_kind k)
{
    return (unsigned)k < ODP_CLS__COUNT ? kind_names[k] : "?";
}

const char *const t_nameword[] = {"name",  "first", "last",  "middle",
                                  "given", "full",  "names", NULL};
const char *const t_role[] = {
    "person",       "individual",  "people",         "applicant",   "owner",      "employee",
    "officer",      "trainer",     "jockey",         "driver",      "victim",     "suspect",
    "complainant",  "defendant",   "plaintiff",      "respondent",  "petitioner", "inmate",
    "offender",     "arrestee",    "detainee",       "prisoner",    "patient",    "client",
    "student",      "teacher",     "worker",         "tenant",      "landlord",   "resident",
    "member",       "contributor", "donor",          "recipient",   "payee",      "preparer",
    "licensee",     "registrant",  "filer",          "witness",     "parent",     "guardian",
    "child",        "spouse",      "voter",          "candidate",   "agent",      "contact",
    "attorney",     "lawyer",      "judge",          "doctor",      "physician",  "nurse",
    "inspector",    "supervisor",  "representative", "perpetrator", "pedestrian", "cyclist",
    "bicyclist",    "motorist",    "passenger",      "occupant",    "customer",   "buyer",
    "seller",       "borrower",    "decedent",       "deceased",    "subject",    "holder",
    "permittee",    "signer",      "caller",         "reporter",    "requester",  "requestor",
    "claimant",     "beneficiary", "guest",          "visitor",     "mother",     "father",
    "intermediary", "interm",      "lobbyist",       "manager",     "principal",  "staff",
    "operator",     NULL};
const char *const t_neg[] = {
    "waterbody",    "water",        "river",       "stream",     "lake",       "creek",
    "watershed",    "basin",        "library",     "church",     "market",     "airport",
    "island",       "mountain",     "trail",       "bay",        "business",   "company",
    "firm",         "corp",         "corporation", "agency",     "department", "facility",
    "station",      "street",       "road",        "route",      "avenue",     "park",
    "school",       "building",     "landmark",    "horse",      "animal",     "pet",
    "dog",          "cat",          "breed",       "product",    "program",    "project",
    "organization", "org",          "city",        "county",     "borough",    "state",
    "country",      "neighborhood", "precinct",    "district",   "site",       "place",
    "venue",        "track",        "team",        "type",       "category",   "title",
    "job",          "description",  "code",        "status",     "vessel",     "vehicle",
    "make",         "model",        "bridge",      "highway",    "ferry",      "terminal",
    "garage",       "development",  "store",       "restaurant", "trade",      "industry",
    "occupation",   "cause",        "reason",      "result",     "event",      "activity",
    "service",      "device",       "equipment",   "species",    "cuisine",    "manufacturer",
    "brand",        "material",     "file",        "image",      "link",       "url",
    "source",       "item",         "weather",     "condition",  "light",      "color",
    "community",    "board",        "council",     "area",       "zone",       "region",
    "unit",         "division",     "bureau",      "office",     "plan",       "hospital",
    "camp",         "location",     "substance",   "injury",     "class",      "level",
    "group",        "mode",         "method",      NULL};
const char *const t_key[] = {"id",  "key",       "number", "index", "serial",     "sequence",
                             "ref", "reference", "uuid",   "guid",  "identifier", NULL};
const char *const t_case_strong[] = {"case",    "docket",   "court",  "arrest",  "booking",
                                     "summons", "citation", "ticket", "warrant", "indictment",
                                     "claim",   "nysid",    NULL};
const char *const t_case_weak[] = {"report",   "incident",   "complaint", "crash",
                                   "accident", "collision",  "index",     "violation",
                                   "hearing",  "inspection", NULL};
/* the same with a key word only ("Event_Unique_ID", "CAD Number"; not "Event Date") */
const char *const t_case_keyed[] = {"event", "occurrence", "cad", NULL};
/* Rows that are events happening to people (a crime, a crash, a bite): the report or
 * incident number of such a row leads to the report, which names them. */
const char *const t_incident[] = {
    "victim",  "suspect",  "offender", "offense",  "offence",  "crime", "homicide", "shooting",
    "assault", "police",   "precinct", "ucr",      "nibrs",    "bite",  "fatal",    "fatality",
    "injury",  "injuries", "death",    "overdose", "decedent", NULL};
const char *const t_license[] = {"license",       "certificate", "cert", "registration",
                                 "certification", "credential",  NULL};
const char *const t_badge[] = {"badge", "shield", "nysid", "tax", "taxpayer",
                               "tin",   "itin",   "ein",   NULL};
const char *const t_addr[] = {"address", "residence", "home", "domicile", NULL};
const char *const t_apt[] = {"apartment", "unit", "suite", NULL};
const char *const t_latlon[] = {"latitude", "longitude", NULL};
const char *const t_geo[] = {"location",    "geo",        "geom",     "point", "georeferenced",
                             "geolocation", "coordinate", "position", NULL};
const char *const t_xy[] = {"x", "y", NULL};
const char *const t_proj[] = {"coordinate", "easting", "northing", NULL};
const char *const t_zip[] = {"zip", NULL};
const char *const t_date[] = {
    "date",   "time",   "timestamp", "datetime", "day",    "created", "updated",
    "opened", "closed", "modified",  "when",     "at",     "on",      "start",
    "stop",   "end",    "starttime", "stoptime", "issued", "expires", NULL};
const char *const t_birth[] = {"birth", NULL};
const char *const t_text[] = {"description", "narrative", "notes",       "note",      "comment",
                              "comments",    "remarks",   "text",        "details",   "summary",
                              "resolution",  "memo",      "explanation", "statement", NULL};
const char *const t_demo[] = {"sex",      "gender",   "race",       "ethnicity", "ethnic", "age",
                              "language", "religion", "disability", "veteran",   "income", NULL};
const char *const t_sensitive[] = {"sexual",  "orientation", "immigration", "citizenship",
                                   "marital", "assistance",  NULL};
const char *const t_agg[] = {"count", "counts", "total",  "totals", "frequency",
                             "freq",  "births", "deaths", "tally",  NULL};
const char *const t_phone[] = {"phone", NULL};
const char *const t_email[] = {"email", NULL};
const char *const t_ssn[] = {"ssn", NULL};
const char *const t_plate[] = {"plate", "tag", NULL};
const char *const t_vehicle[] = {"make", "model", "vehicle", "vin", "plate", NULL};
const char *const t_addr_part[] = {"city",    "state", "zip",  "borough", "county",
                                   "country", "type",  "town", "boro",    NULL};
const char *const t_event_place[] = {"incident", "crash",    "accident",   "event",
                                     "site",     "property", "occurrence", "violation",
                                     "premises", "job",      "project",    NULL};

/* Headers naming another kind of number than a key (house, phone, apartment, ...). */
const char *const t_not_key[] = {"house", "street", "address", "apartment", "unit",  "suite",
                                 "phone", "zip",    "floor",   "building",  "count", "age",
                                 "year",  "amount", "total",   NULL};
const char *const t_bldg_not[] = {"type",        "class",  "code",   "status", "name",
                                  "description", "height", "area",   "use",    "count",
                                  "value",       "id",     "permit", NULL};
