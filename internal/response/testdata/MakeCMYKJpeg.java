import javax.imageio.*;
import javax.imageio.stream.*;
import java.awt.image.*;
import java.io.*;

// Writes the small four-channel JPEGs of internal/response/testdata:
//
//	java MakeCMYKJpeg.java cmyk.jpg 0   # Adobe transform 0: CMYK
//	java MakeCMYKJpeg.java ycck.jpg 2   # Adobe transform 2: YCCK
//
// A 64x24 raster of four channels, a dark stroke on a light ground, is
// encoded by the JDK's own JPEG writer (ImageIO), and an Adobe APP14
// segment naming the transform is put after the start of image, as
// Photoshop writes it. The channels are stored inverted, as Adobe does.
public class MakeCMYKJpeg {
    public static void main(String[] args) throws Exception {
        int w = 64, h = 24;
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean ink = Math.abs(y - 12 - (int) Math.round(8 * Math.sin(x / 6.0))) < 2;
                int[] cmyk = ink ? new int[]{200, 160, 40, 120} : new int[]{10, 0, 20, 0};
                for (int i = 0; i < 4; i++) cmyk[i] = 255 - cmyk[i];
                r.setPixel(x, y, cmyk);
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ImageWriter wr = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(buf)) {
            wr.setOutput(out);
            ImageWriteParam p = wr.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            wr.write(null, new IIOImage(r, null, null), p);
        }
        byte[] jpeg = buf.toByteArray();
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0,
            (byte) Integer.parseInt(args[1])};
        try (OutputStream out = new FileOutputStream(args[0])) {
            out.write(jpeg, 0, 2); // SOI
            out.write(app14);
            out.write(jpeg, 2, jpeg.length - 2);
        }
    }
}
