"""Pools of generated names, one per name culture, written in Latin letters.

The agency's register holds names in Latin letters, as the passport's machine-readable zone spells
them, so names from Faker locales in Cyrillic and Georgian script are transliterated. Faker has
no locale with Latin-script names for Arabic, Persian, Dari, Kurdish, Tigrinya, Amharic, Somali or
Urdu; those pools are short hand-written lists of common given names and family names. A name
from a pool never belongs to a real person on purpose: given name, family name, birth date and
dossier number are drawn independently.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

# Cultures where a married woman keeps her own family name.
_KEEPS_OWN_NAME = frozenset(
    {"arabic", "kurdish", "afghan", "persian", "habesha", "somali", "spanish", "chinese", "vietnamese"}
)
# Cultures where a child's family name is the father's given name.
_PATRONYMIC = frozenset({"habesha", "somali"})

_HAND_WRITTEN: dict[str, tuple[str, str, str]] = {
    "arabic": (
        "Fatima Aisha Maryam Zainab Noor Huda Amal Rania Lina Sara Hala Rasha Dalia Nadia Salma Samira Yasmin Hiba "
        "Rawan Raghad Ghada Layla Manal Mona Reem Asma Hanan Iman Khadija Widad Suha Shaima Israa Alaa Malak Jana "
        "Joud Sidra Tasneem Aya Heba Lama Marwa Nisreen Rima Wafa Batoul Ruqaya Zahra Dima",
        "Mohammed Ahmad Mahmoud Mustafa Ali Omar Khaled Hassan Hussein Ibrahim Youssef Abdullah Abdulrahman Said "
        "Samir Karim Tariq Walid Bilal Hamza Anas Firas Rami Fadi Jamal Nabil Yasser Osama Ammar Ziad Majid Sami "
        "Adnan Bashar Hadi Haitham Issa Jihad Louay Muhannad Nizar Qusai Raed Salah Suleiman Taha Waseem Yazan "
        "Zaid Marwan",
        "Al-Ahmad Al-Hassan Al-Ali Al-Khalil Haddad Hamdan Hussein Ibrahim Khalaf Mansour Nasser Othman Qasim "
        "Saleh Shami Suleiman Youssef Zaher Abbas Abdallah Al-Masri Al-Hamwi Al-Halabi Darwish Farhat Habib Jaber "
        "Kanaan Khoury Mahmoud Najjar Rahman Sabbagh Taha Yassin Awad Bakri Dib Ghanem Hijazi Issa Jarrah Karam "
        "Marei Nassar Obeid Rifai Sayed Tamimi Al-Jabouri",
    ),
    "kurdish": (
        "Avin Berivan Dilan Evin Gulistan Hevi Jiyan Lana Nishtiman Rojin Ronahi Shirin Helin Ronak Shilan Bahar "
        "Delal Hana Jwan Kani Nazdar Roza Sazan Shno Viyan Zozan Sozdar Rezan Dilveen Nasrin",
        "Azad Baran Dilshad Diyar Hawar Karwan Kawa Rebin Serwan Shvan Zana Aras Bakhtiar Botan Dler Goran Hemin "
        "Hiwa Kamaran Rebwar Saman Shorsh Soran Ahmed Mohammed Heval Welat Berzan Ali Omer",
        "Ahmed Aziz Hassan Karim Mahmoud Mustafa Rashid Salih Osman Omer Abdullah Baban Bakir Jaf Hawrami Mirza "
        "Qadir Rasul Sharif Hamad Faraj Amin Kurdi Haji Ibrahim Khidir Murad Sido Tahir Yousif",
    ),
    "afghan": (
        "Zahra Fatima Maryam Marzia Mahbooba Nargis Parwana Shabnam Fereshta Gulalai Hamida Khadija Laila Malalai "
        "Mina Nilofar Roya Sadia Shakila Soraya Tahmina Wahida Yalda Zarghuna Zohra Farzana Habiba Masooma Nadia "
        "Nasrin Parisa Rahima Sakina Samira Sima Tamana Zainab Arezo Madina Mursal",
        "Mohammad Ahmad Ali Abdul Hamid Karim Mustafa Rahim Sayed Jawad Mahdi Hussain Abdullah Mirwais Naveed "
        "Rahmatullah Zabihullah Habibullah Najibullah Farid Fawad Ghulam Hamidullah Jamshid Khalid Masoud Nasir "
        "Omid Qasim Reza Samiullah Shafiq Tariq Wahid Yasin Zaher Bashir Daud Emal Ilyas",
        "Ahmadi Rahimi Hashimi Karimi Mohammadi Hussaini Sultani Noori Popal Stanikzai Wardak Hakimi Amiri Rezaei "
        "Sadat Safi Yousufzai Zazai Azizi Haidari Jafari Qaderi Sharifi Nazari Habibi Faizi Rasuli Samadi Barakzai "
        "Durrani Jalali Kakar Mangal Niazi Omari Rahmani Sahak Taheri Yari Sediqi",
    ),
    "persian": (
        "Maryam Zahra Fatemeh Sara Narges Niloofar Shirin Parisa Mahsa Nazanin Leila Roya Samira Sepideh Ladan "
        "Mina Azadeh Bahar Elham Fariba Golnaz Haleh Homa Mahnaz Mojgan Nasrin Neda Parvaneh Pegah Setareh "
        "Shabnam Shadi Simin Soheila Tara Yasaman Yalda Zohreh Arezoo Atefeh",
        "Ali Mohammad Reza Hossein Mehdi Amir Hamid Saeed Ahmad Majid Babak Dariush Farhad Hassan Kamran Kaveh "
        "Behnam Behrouz Arash Ehsan Javad Milad Mohsen Morteza Navid Omid Payam Pouya Ramin Saman Shahram Siavash "
        "Vahid Yousef Kian Abbas Mostafa Masoud Hadi Nima",
        "Ahmadi Hosseini Mohammadi Rezaei Moradi Karimi Jafari Rahimi Hashemi Ebrahimi Ghasemi Sadeghi Mousavi "
        "Kazemi Najafi Ranjbar Shahbazi Tehrani Shirazi Esfahani Alavi Bagheri Farahani Ghorbani Heidari Kamali "
        "Mahmoudi Nazari Rostami Sharifi Soltani Taheri Yazdani Zamani Abbasi Akbari Amini Azizi Khani Salehi",
    ),
    "habesha": (
        "Selam Senait Helen Yordanos Saba Luwam Mebrat Rahwa Ruth Tsega Winta Yohana Merhawit Feven Hiwet Meron "
        "Semhar Rigat Eden Almaz Abrehet Hanna Lidia Aster Tsehay Zebib Mihret Danait Elsa Tigist Meseret "
        "Bethlehem Hirut Selamawit Mekdes Tsion Kidist Eleni Marta Genet Liya Rahel Birtukan Frehiwot",
        "Yonas Dawit Tesfay Tekle Yohannes Mehari Samuel Daniel Ermias Filmon Habtom Kidane Mussie Natnael Robel "
        "Senay Tedros Tesfaldet Yemane Zerai Abraham Amanuel Berhane Biniam Efrem Goitom Henok Kibrom Solomon "
        "Michael Aron Haile Measho Negasi Abebe Tewodros Girma Mulugeta Bekele Kebede Getachew Mesfin Biruk Eyob",
        "",
    ),
    "somali": (
        "Amina Fadumo Hodan Hawa Sahra Ayaan Asha Fartun Halima Hibaaq Ifrah Khadra Maryan Muna Nasra Nimco Ubah "
        "Warsan Ladan Deeqa Faisa Hamdi Idil Sagal Sucaad Yasmin Zamzam Shukri Safiya Ikran",
        "Mohamed Abdi Ahmed Ali Hassan Abdirahman Abdullahi Farah Omar Yusuf Ismail Osman Abdikarim Mahad Hamza "
        "Liban Said Guled Jama Warsame Bashir Mukhtar Abdiaziz Hussein Nur Ibrahim Khalid Aden Dahir Abdiweli",
        "",
    ),
    "south_asian": (
        "Ayesha Fatima Sana Hina Nadia Saima Rabia Sadia Amna Farah Maria Nazia Shazia Tahira Uzma Zainab Mehwish "
        "Bushra Rukhsana Nasreen Farzana Nusrat Taslima Sharmin Rehana Laila Sumaiya Mahmuda Anika Tania",
        "Muhammad Ahmed Ali Usman Hassan Bilal Imran Kamran Asif Faisal Rashid Tariq Zubair Shahid Adnan Waqar "
        "Naveed Irfan Junaid Salman Rahim Karim Rafiq Habib Anwar Jahangir Mizanur Shafiqul Aminul Rakib",
        "Khan Ahmed Ali Hussain Shah Malik Butt Chaudhry Qureshi Siddiqui Sheikh Iqbal Akhtar Mirza Raza Javed "
        "Rahman Islam Hossain Uddin Chowdhury Sarkar Miah Haque Alam Karim Bhuiyan Talukder Mahmud Ansari",
    ),
}

# Faker locales for the other cultures: (locale, transliteration).
_FAKER_LOCALES: dict[str, tuple[str, str]] = {
    "turkish": ("tr_TR", ""),
    "spanish": ("es_CO", ""),
    "uzbek": ("uz_UZ", ""),
    "indian": ("en_IN", ""),
    "chinese": ("zh_CN", ""),
    "thai": ("en_TH", ""),
    "vietnamese": ("vi_VN", ""),
    "english": ("en_US", ""),
    "portuguese": ("pt_BR", ""),
    "nigerian": ("en_NG", ""),
    "kenyan": ("en_KE", ""),
    "russian": ("ru_RU", "ru"),
    "ukrainian": ("uk_UA", "uk"),
    "georgian": ("ka_GE", "ka"),
}


def _letters(script: str, latin: str) -> dict[str, str]:
    """Pairs each letter of ``script`` with the Latin spelling at the same place in ``latin``.

    ``_`` in ``latin`` marks a letter that is not written (the soft sign, the apostrophe).
    """
    return dict(zip(script, latin.split(" "), strict=True))


# Ukrainian: the official romanisation of 2010; letters that change at the start of a word follow.
_UKRAINIAN = _letters(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’",
    "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia _ _",
)
_UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Russian: the spelling of Russian passports since 2014 (ICAO Doc 9303).
_RUSSIAN = _letters(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y _ e iu ia"
)
# Georgian: the national romanisation, without the apostrophes passports leave out.
_GEORGIAN = _letters(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ", "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h"
)


def transliterate(name: str, script: str) -> str:
    """Writes a Cyrillic or Georgian name in Latin letters, as a passport does.

    >>> transliterate("Юлія", "uk"), transliterate("Щербаков", "ru"), transliterate("ნინო", "ka")
    ('Yuliia', 'Shcherbakov', 'Nino')
    """
    if not script:
        return name
    table = {"uk": _UKRAINIAN, "ru": _RUSSIAN, "ka": _GEORGIAN}[script]
    letters: list[str] = []
    for position, character in enumerate(name):
        lower = character.lower()
        at_word_start = position == 0 or not name[position - 1].isalpha()
        if script == "uk" and at_word_start and lower in _UKRAINIAN_INITIAL:
            latin = _UKRAINIAN_INITIAL[lower]
        elif script == "uk" and lower == "г" and position > 0 and name[position - 1].lower() == "з":
            latin = "gh"  # "зг" is written "zgh" so that it does not read as "zh"
        else:
            latin = table.get(lower, character)
        latin = "" if latin == "_" else latin
        # Georgian names are written in lower-case letters; a name still starts with a capital in Latin script.
        capital = character.isupper() or (at_word_start and script == "ka")
        letters.append(latin.capitalize() if capital else latin)
    return "".join(letters)


def _feminine_russian(name: str) -> str:
    """The feminine form of a Russian family name (Ivanov → Ivanova)."""
    for masculine, feminine in (("ский", "ская"), ("цкий", "цкая"), ("ой", "ая"), ("ый", "ая")):
        if name.endswith(masculine):
            return name[: -len(masculine)] + feminine
    if name.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return name + "а"
    return name


def _distinct(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


def _names(provider: Any, attribute: str) -> list[str]:
    values = getattr(provider, attribute, ())
    return _distinct(values.keys() if isinstance(values, dict) else values)


def _faker_culture(locale: str, script: str) -> tuple[list[str], list[str], list[str], list[str]]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    if locale == "zh_CN":
        # Chinese given names have no sex in the romanised list Faker carries.
        given = _names(provider, "first_romanized_names")
        family = _names(provider, "last_romanized_names")
        return given, given, family, family
    female = _names(provider, "first_names_female") or _names(provider, "first_names")
    male = _names(provider, "first_names_male") or _names(provider, "first_names")
    if locale == "ru_RU":
        family_male = _names(provider, "last_names_male")
        family_female = [_feminine_russian(n) for n in family_male]
    elif locale == "uk_UA":
        # The common Ukrainian family names (-enko, -uk, -chuk ...) have one form for both sexes.
        family_male = family_female = _names(provider, "last_names_common")
    elif locale == "uz_UZ":
        family_male = _names(provider, "last_names_male")
        family_female = [n + "a" if n.endswith(("ov", "ev", "yev")) else n for n in family_male]
    else:
        family_male = family_female = _names(provider, "last_names")
    return (
        [transliterate(n, script) for n in female],
        [transliterate(n, script) for n in male],
        [transliterate(n, script) for n in family_male],
        [transliterate(n, script) for n in family_female],
    )


@dataclass(frozen=True, slots=True)
class NamePools:
    """Every culture's names laid end to end, with where each culture starts and how many it has.

    ``family_male`` and ``family_female`` are aligned: index ``i`` is one family name in its two
    forms. In a patronymic culture the family pool is the male given-name pool, so that a child's
    family name can be the father's given name.
    """

    cultures: tuple[str, ...]
    female: npt.NDArray[np.object_]
    female_start: npt.NDArray[np.int64]
    female_size: npt.NDArray[np.int64]
    male: npt.NDArray[np.object_]
    male_start: npt.NDArray[np.int64]
    male_size: npt.NDArray[np.int64]
    family_male: npt.NDArray[np.object_]
    family_female: npt.NDArray[np.object_]
    family_start: npt.NDArray[np.int64]
    family_size: npt.NDArray[np.int64]
    keeps_own_name: npt.NDArray[np.bool_]
    patronymic: npt.NDArray[np.bool_]

    def culture_index(self, culture: str) -> int:
        return self.cultures.index(culture)


def _concatenate(
    lists: Sequence[list[str]],
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    sizes = np.array([len(names) for names in lists], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    pool = np.empty(int(sizes.sum()), dtype=object)
    pool[:] = [name for names in lists for name in names]
    return pool, starts, sizes


def _check(names: Sequence[str], culture: str) -> None:
    if not names:
        raise ValueError(f"The name culture {culture!r} has an empty pool.")
    for name in names:
        # Names go into PostgreSQL's COPY text format unescaped, so they must not hold its specials.
        if not name or len(name) > 100 or any(c in name for c in "\t\n\r\\"):
            raise ValueError(f"The name {name!r} of culture {culture!r} cannot be stored as it is.")


@functools.cache
def name_pools() -> NamePools:
    """Builds the pools once per process; the same on every run, whatever the population's seed."""
    shuffle = np.random.default_rng(20_260_101)
    female_lists: list[list[str]] = []
    male_lists: list[list[str]] = []
    family_male_lists: list[list[str]] = []
    family_female_lists: list[list[str]] = []
    cultures = tuple(_HAND_WRITTEN) + tuple(_FAKER_LOCALES)
    for culture in cultures:
        if culture in _HAND_WRITTEN:
            female_text, male_text, family_text = _HAND_WRITTEN[culture]
            female, male = _distinct(female_text.split()), _distinct(male_text.split())
            family_male = family_female = _distinct(family_text.split())
        else:
            female, male, family_male, family_female = _faker_culture(*_FAKER_LOCALES[culture])
            # Faker's lists are often alphabetical; a fixed shuffle spreads the popular end of the
            # sampling over the whole alphabet.
            female, male = (
                list(shuffle.permutation(np.array(female, dtype=object))),
                list(shuffle.permutation(np.array(male, dtype=object))),
            )
            order = shuffle.permutation(len(family_male))
            family_male = [family_male[i] for i in order]
            family_female = [family_female[i] for i in order]
        if culture in _PATRONYMIC:
            family_male = family_female = male
        for names in (female, male, family_male, family_female):
            _check(names, culture)
        female_lists.append(female)
        male_lists.append(male)
        family_male_lists.append(family_male)
        family_female_lists.append(family_female)
    female_pool, female_start, female_size = _concatenate(female_lists)
    male_pool, male_start, male_size = _concatenate(male_lists)
    family_male_pool, family_start, family_size = _concatenate(family_male_lists)
    family_female_pool, _, _ = _concatenate(family_female_lists)
    return NamePools(
        cultures=cultures,
        female=female_pool,
        female_start=female_start,
        female_size=female_size,
        male=male_pool,
        male_start=male_start,
        male_size=male_size,
        family_male=family_male_pool,
        family_female=family_female_pool,
        family_start=family_start,
        family_size=family_size,
        keeps_own_name=np.array([c in _KEEPS_OWN_NAME for c in cultures]),
        patronymic=np.array([c in _PATRONYMIC for c in cultures]),
    )


def pick(
    rng: np.random.Generator, start: npt.NDArray[np.int64], size: npt.NDArray[np.int64], culture: npt.NDArray[np.intp]
) -> npt.NDArray[np.int64]:
    """Draws one index per row from its culture's pool; early names in a pool come up more often."""
    # Raising a uniform number to a power above 1 skews draws to the start of the pool, so a few
    # names are common and many are rare, as in any population.
    position = (rng.random(len(culture)) ** 1.6 * size[culture]).astype(np.int64)
    return start[culture] + position
