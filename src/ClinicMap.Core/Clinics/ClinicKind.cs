namespace ClinicMap.Core.Clinics;

/// <summary>What a published list says a place is. A clinic may carry several kinds.</summary>
public enum ClinicKind
{
    /// <summary>发热门诊: a fever clinic.</summary>
    FeverClinic,

    /// <summary>定点医院: a hospital designated to treat confirmed cases.</summary>
    DesignatedHospital,

    /// <summary>发热诊室: a fever consulting room, usually in a community health centre.</summary>
    FeverRoom,
}
