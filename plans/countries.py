"""Countries of the Accelerator Labs network: ISO 3166-1 alpha-2 code, name, UNDP regional bureau.

The export names countries in several ways ("Ivory Coast", "Côte d'Ivoire"); `lookup` accepts
any of the spellings listed here and answers the one country they mean.
"""

from dataclasses import dataclass

from babel import Locale
from django.utils.text import slugify
from django.utils.translation import get_language

from labs.models import Region


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    region: str
    aliases: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        """The name in the interface's language: CLDR's (through Babel), ours in English."""
        language = get_language() or "en"
        if language == "en":
            return self.name
        # Our Portuguese catalogue follows the European norm, as most Lusophone labs do.
        locale = Locale.parse("pt_PT" if language == "pt" else language, sep="_")
        return locale.territories.get(self.code, self.name)


RBA, RBAP, RBAS, RBEC, RBLAC = Region.RBA, Region.RBAP, Region.RBAS, Region.RBEC, Region.RBLAC

COUNTRIES = [
    Country("DZ", "Algeria", RBAS),
    Country("AO", "Angola", RBA),
    Country("AR", "Argentina", RBLAC),
    Country("AM", "Armenia", RBEC),
    Country("AZ", "Azerbaijan", RBEC),
    Country("BD", "Bangladesh", RBAP),
    Country("BB", "Barbados", RBLAC),
    Country("BY", "Belarus", RBEC),
    Country("BZ", "Belize", RBLAC),
    Country("BJ", "Benin", RBA),
    Country("BT", "Bhutan", RBAP),
    Country("BO", "Bolivia", RBLAC),
    Country("BA", "Bosnia and Herzegovina", RBEC),
    Country("BW", "Botswana", RBA),
    Country("BR", "Brazil", RBLAC),
    Country("BF", "Burkina Faso", RBA),
    Country("BI", "Burundi", RBA),
    Country("KH", "Cambodia", RBAP),
    Country("CM", "Cameroon", RBA),
    Country("CV", "Cape Verde", RBA, ("Cabo Verde",)),
    Country("CF", "Central African Republic", RBA),
    Country("TD", "Chad", RBA),
    Country("CL", "Chile", RBLAC),
    Country("CN", "China", RBAP),
    Country("CO", "Colombia", RBLAC),
    Country("CR", "Costa Rica", RBLAC),
    Country("CD", "Democratic Republic of the Congo", RBA, ("DR Congo", "DRC")),
    Country("DO", "Dominican Republic", RBLAC),
    Country("TL", "East Timor", RBAP, ("Timor-Leste",)),
    Country("EC", "Ecuador", RBLAC),
    Country("EG", "Egypt", RBAS),
    Country("SV", "El Salvador", RBLAC),
    Country("SZ", "Eswatini", RBA, ("Swaziland",)),
    Country("ET", "Ethiopia", RBA),
    Country("FJ", "Fiji", RBAP),
    Country("GA", "Gabon", RBA),
    Country("GE", "Georgia", RBEC),
    Country("GH", "Ghana", RBA),
    Country("GT", "Guatemala", RBLAC),
    Country("GN", "Guinea", RBA),
    Country("GW", "Guinea-Bissau", RBA),
    Country("GY", "Guyana", RBLAC),
    Country("HT", "Haiti", RBLAC),
    Country("HN", "Honduras", RBLAC),
    Country("IN", "India", RBAP),
    Country("ID", "Indonesia", RBAP),
    Country("IQ", "Iraq", RBAS),
    Country("CI", "Ivory Coast", RBA, ("Côte d'Ivoire", "Cote d'Ivoire")),
    Country("JM", "Jamaica", RBLAC),
    Country("JO", "Jordan", RBAS),
    Country("KZ", "Kazakhstan", RBEC),
    Country("KE", "Kenya", RBA),
    Country("XK", "Kosovo", RBEC),
    Country("KG", "Kyrgyzstan", RBEC),
    Country("LA", "Laos", RBAP, ("Lao PDR", "Lao People's Democratic Republic")),
    Country("LB", "Lebanon", RBAS),
    Country("LS", "Lesotho", RBA),
    Country("LR", "Liberia", RBA),
    Country("LY", "Libya", RBAS),
    Country("MG", "Madagascar", RBA),
    Country("MW", "Malawi", RBA),
    Country("MY", "Malaysia", RBAP),
    Country("MV", "Maldives", RBAP),
    Country("ML", "Mali", RBA),
    Country("MR", "Mauritania", RBA),
    Country("MU", "Mauritius", RBA, ("Mauritius and Seychelles",)),
    Country("MX", "Mexico", RBLAC),
    Country("MD", "Moldova", RBEC, ("Republic of Moldova",)),
    Country("MN", "Mongolia", RBAP),
    Country("ME", "Montenegro", RBEC),
    Country("MA", "Morocco", RBAS),
    Country("MZ", "Mozambique", RBA),
    Country("MM", "Myanmar", RBAP),
    Country("NA", "Namibia", RBA),
    Country("NP", "Nepal", RBAP),
    Country("NE", "Niger", RBA),
    Country("NG", "Nigeria", RBA),
    Country("MK", "North Macedonia", RBEC),
    Country("PK", "Pakistan", RBAP),
    Country("PS", "Palestine", RBAS, ("State of Palestine",)),
    Country("PA", "Panama", RBLAC),
    Country("PG", "Papua New Guinea", RBAP),
    Country("PY", "Paraguay", RBLAC),
    Country("PE", "Peru", RBLAC),
    Country("PH", "Philippines", RBAP),
    Country("CG", "Republic of the Congo", RBA, ("Congo",)),
    Country("RW", "Rwanda", RBA),
    Country("WS", "Samoa", RBAP),
    Country("SA", "Saudi Arabia", RBAS),
    Country("SN", "Senegal", RBA),
    Country("RS", "Serbia", RBEC),
    Country("SL", "Sierra Leone", RBA),
    Country("SO", "Somalia", RBAS),
    Country("ZA", "South Africa", RBA),
    Country("SS", "South Sudan", RBA),
    Country("LK", "Sri Lanka", RBAP),
    Country("SD", "Sudan", RBAS),
    Country("SY", "Syria", RBAS, ("Syrian Arab Republic",)),
    Country("TJ", "Tajikistan", RBEC),
    Country("TZ", "Tanzania", RBA, ("United Republic of Tanzania",)),
    Country("TH", "Thailand", RBAP),
    Country("GM", "The Gambia", RBA, ("Gambia",)),
    Country("TG", "Togo", RBA),
    Country("TT", "Trinidad and Tobago", RBLAC),
    Country("TN", "Tunisia", RBAS),
    Country("TR", "Turkey", RBEC, ("Türkiye", "Turkiye")),
    Country("UG", "Uganda", RBA),
    Country("UA", "Ukraine", RBEC),
    Country("UY", "Uruguay", RBLAC),
    Country("UZ", "Uzbekistan", RBEC),
    Country("VN", "Vietnam", RBAP, ("Viet Nam",)),
    Country("YE", "Yemen", RBAS),
    Country("ZM", "Zambia", RBA),
    Country("ZW", "Zimbabwe", RBA),
]

BY_CODE = {country.code: country for country in COUNTRIES}
_BY_KEY = {
    slugify(spelling): country
    for country in COUNTRIES
    for spelling in (country.name, country.code, *country.aliases)
}


def lab_name(lab) -> str:
    """A lab's name in the interface's language: its country's, when the lab is named after it."""
    country = BY_CODE.get(lab.country)
    if country and lab.name in (country.name, *country.aliases):
        return country.display_name
    return lab.name


def lookup(name: str) -> Country | None:
    """The country a spelling from the export means, or None when it is not in the network."""
    return _BY_KEY.get(slugify(name.replace("’", "'")))
