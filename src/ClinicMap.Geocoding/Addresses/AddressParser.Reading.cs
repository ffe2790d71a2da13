using ClinicMap.Core.Addresses;
using ClinicMap.Core.Divisions;
using ClinicMap.Geocoding.Gazetteer;

namespace ClinicMap.Geocoding.Addresses;

public sealed partial class AddressParser
{
    /// <summary>
    /// One address being read, level by level, each level at the front of what remains and among the children of
    /// the level above as read so far (from the text, else from the row's context). Used once, by one thread.
    /// </summary>
    private sealed class Reading
    {
        private readonly AddressParser _parser;
        private readonly AddressContext _context;
        private readonly bool _countyStems;
        private readonly List<string> _notes = [];
        private readonly string _text;
        private string _rest;
        private AdminDivision? _province, _city, _county;
        private string? _provinceText, _cityText, _countyText, _townshipText;
        private List<AdminDivision> _candidates = [];
        private Township? _township;

        public Reading(AddressParser parser, AddressContext context, string text, bool countyStems)
        {
            (_parser, _context, _countyStems) = (parser, context, countyStems);
            if (!countyStems && parser.LeadingWords(text) is { } start)
            {
                _notes.Add($"'{text[..start].Trim()}' before the address set aside");
                text = text[start..];
            }
            _text = _rest = text;
        }

        private DivisionGazetteer Gazetteer => _parser.Divisions;

        public void Province()
        {
            (_province, _provinceText) = TakePrefix(Gazetteer.Provinces, ref _rest, shortFormsNeedFollower: null);
            if (_provinceText is not null && IsBareStem(_province!, _provinceText)
                && PrefixMatches(Gazetteer.Prefectures, _text) is [var longer, ..] && longer.Form.Length > _provinceText.Length)
            {
                // 海南州共和县 is Qinghai's 海南藏族自治州, not the province 海南: the longer name at the front wins.
                (_province, _provinceText, _rest) = (null, null, _text);
            }
            _rest = _rest.TrimStart();
            if (_province is not null && _context.Province is not null && _province.Code != _context.Province.Code)
                _notes.Add($"the address names {_province.Name}, the row {_context.Province.Name}");
        }

        /// <summary>The city; a municipality's city is the province itself.</summary>
        public void City()
        {
            var provinceScope = _province ?? _context.Province;
            if (provinceScope is not null && IsMunicipality(provinceScope))
            {
                _city = Gazetteer.ChildrenOf(provinceScope.Code).FirstOrDefault(c => c.Level == DivisionLevel.Prefecture);
                if (_provinceText is null)
                    (_, _cityText) = TakePrefix([provinceScope], ref _rest, shortFormsNeedFollower: null);
            }
            else
            {
                var prefectures = provinceScope is not null
                    ? Gazetteer.ChildrenOf(provinceScope.Code)
                    : Gazetteer.Prefectures;
                (_city, _cityText) = TakePrefix(prefectures.Where(p => p.Level == DivisionLevel.Prefecture), ref _rest, shortFormsNeedFollower: c => Gazetteer.CountiesUnder(c));
            }
            _rest = _rest.TrimStart();
            if (_city is not null && _context.City is not null && _city.Code != _context.City.Code && _province is null)
                _notes.Add($"the address names {_city.Name}, the row {_context.City.Name}");
            if (_province is null && _city is not null)
                _province = Gazetteer.Find(AdminCode.ProvinceOf(_city.Code));
        }

        /// <summary>The county: by a name at the front, or a full name anywhere when it is unique in the city; several fitting and nothing deciding leaves candidates.</summary>
        public void County()
        {
            var cityScope = _city ?? _context.City;
            var provinceScope = _province ?? _context.Province;
            var pool = cityScope is not null ? Gazetteer.CountiesUnder(cityScope)
                : provinceScope is not null ? Gazetteer.CountiesUnder(provinceScope)
                : Gazetteer.Counties;
            var matches = PrefixMatches(pool, _rest, countyStems: _countyStems && _cityText is not null);
            if (matches.Count > 0)
            {
                _countyText = matches[0].Form;
                _rest = _rest[_countyText.Length..].TrimStart();
                var distinct = matches.Where(m => m.Form == _countyText).Select(m => m.Division).DistinctBy(d => d.Code).ToList();
                if (distinct.Count == 1)
                    _county = distinct[0];
                else if (_context.County is { } contextCounty && distinct.FirstOrDefault(d => d.Code == contextCounty.Code) is { } byContext)
                    _county = byContext;
                else
                {
                    _candidates = distinct;
                    _notes.Add($"'{_countyText}' could be {string.Join(" or ", distinct.Select(_parser.Describe))}; nothing in the row decides");
                }
            }
            else if (cityScope is not null && FindInside(Gazetteer.CountiesUnder(cityScope), _text) is { } inside)
            {
                (_county, _countyText) = (inside, inside.Name);
                _notes.Add($"county {inside.Name} found inside the address");
            }
            if (_county is not null && _context.County is not null && _county.Code != _context.County.Code)
                _notes.Add($"the address names {_county.Name}, the row {_context.County.Name}");
            if (_county is not null)
            {
                _city ??= Gazetteer.Find(_county.ParentCode!) is { Level: DivisionLevel.Prefecture } parent ? parent : null;
                _province ??= Gazetteer.Find(AdminCode.ProvinceOf(_county.Code));
            }
        }

        /// <summary>The township: of the county when one is known; else, named without its county, it gives the county when it is the only one of its name in scope.</summary>
        public void Township()
        {
            var countyScope = _county ?? (_candidates.Count == 0 ? _context.County : null);
            if (countyScope is not null)
            {
                var inCounty = _parser.TownshipsOf(countyScope);
                (_township, _townshipText) = inCounty.Take(ref _rest);
                if (_township is null && inCounty.FindInside(_text) is { } found)
                    (_township, _townshipText) = (found, found.Name);
                return;
            }
            if (_candidates.Count > 0 || (_city ?? _context.City ?? _province ?? _context.Province) is not { } scope)
                return;
            var pool = _parser.TownshipsOf(scope);
            (_township, _townshipText) = pool.Take(ref _rest);
            if (_township is null && pool.FindInside(_text) is { } inside)
                (_township, _townshipText) = (inside, inside.Name);
            if (_township is null)
                return;
            _county = Gazetteer.Find(_township.CountyCode);
            _city ??= _county?.ParentCode is { } parent && Gazetteer.Find(parent) is { Level: DivisionLevel.Prefecture } prefecture ? prefecture : null;
            _province ??= Gazetteer.Find(AdminCode.ProvinceOf(_township.CountyCode));
            _notes.Add($"county {_county?.Name} taken from the township {_township.Name}");
        }

        /// <summary>Road, number and building by their usual words; what remains is the point of interest.</summary>
        public ParsedAddress Street()
        {
            var rest = _rest.TrimStart(' ', ',', '，', '、');
            string? road = null, number = null, building = null;
            if (RoadPattern().Match(rest) is { Success: true } r)
            {
                road = r.Groups[1].Value;
                rest = rest[road.Length..];
            }
            if (NumberPattern().Match(rest) is { Success: true } n)
            {
                number = n.Groups[1].Value;
                rest = rest[n.Length..];
            }
            if (BuildingPattern().Match(rest) is { Success: true } b)
            {
                building = b.Groups[1].Value;
                rest = rest[b.Length..];
            }
            var poi = rest.Trim(' ', ',', '，', '、');
            var parts = new Address(_provinceText, _cityText, _countyText, _townshipText, road, number, building, poi.Length == 0 ? null : poi);
            return new ParsedAddress(parts, _province ?? _context.Province, _city ?? _context.City, _county ?? (_candidates.Count == 0 ? _context.County : null),
                _township, _candidates, _notes);
        }
    }
}
