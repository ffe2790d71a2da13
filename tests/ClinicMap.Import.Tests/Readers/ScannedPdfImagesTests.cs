using ClinicMap.Import.Readers;

namespace ClinicMap.Import.Tests.Readers;

public class ScannedPdfImagesTests
{
    [Fact]
    public void PdfimagesListIsReadAsEachImagesPageSizeAndResolutionWithoutMasks()
    {
        const string list = """
            page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio
            --------------------------------------------------------------------------------------------
               1     0 image    1946  1981  gray    1   8  jpeg   no         5  0   150   150  281K 7.5%
               1     1 smask    1946  1981  gray    1   8  image  no         6  0   150   150  1.2K 0.0%
               2     2 image    2541  2340  gray    1   8  jpeg   no         8  0   200   200  409K 7.0%
            """;

        var images = PdfTextReader.ScannedImages(list);

        Assert.Equal([(1, 1946L * 1981, 150), (2, 2541L * 2340, 200)], images);
    }
}
