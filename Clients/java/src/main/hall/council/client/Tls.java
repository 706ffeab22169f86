package hall.council.client;

import council.v1.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An {@link SSLContext} from PEM files, the way the other clients take TLS settings (PROTOCOL.md §1.1): the CA that
 * signed the server's certificate, and for mutual TLS the client certificate (with its chain) and its private key.
 * The key must be PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl genpkey} writes), EC or RSA; convert
 * an older {@code BEGIN EC PRIVATE KEY} or {@code BEGIN RSA PRIVATE KEY} file with
 * {@code openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem}.
 *
 * <p>A file that cannot be used is an INVALID_ARGUMENT {@code invalidArgument} CouncilException whose field names
 * the setting ({@code caFile}, {@code certFile}, {@code keyFile}).
 */
public final class Tls {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private Tls() {}

    /** The context: trusts {@code caFile}; presents {@code certFile} and {@code keyFile} when given (both or neither). */
    public static SSLContext context(Path caFile, Path certFile, Path keyFile) {
        if (caFile == null) {
            throw bad("caFile", "TLS needs the CA that signed the server's certificate");
        }
        if ((certFile == null) != (keyFile == null)) {
            throw bad(certFile == null ? "certFile" : "keyFile",
                    "a client certificate needs both the certificate file and its key file");
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (Certificate cert : certificates(caFile, "caFile")) {
                trust.setCertificateEntry("ca-" + n++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);

            KeyManagerFactory kmf = null;
            if (certFile != null) {
                List<Certificate> chain = certificates(certFile, "certFile");
                PrivateKey key = privateKey(keyFile);
                KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
                keys.load(null, null);
                char[] password = new char[0];
                keys.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (CouncilException e) {
            throw e;
        } catch (Exception e) {
            throw bad(certFile != null ? "certFile" : "caFile", "cannot set up TLS: " + e);
        }
    }

    static List<Certificate> certificates(Path file, String setting) {
        try {
            byte[] data = Files.readAllBytes(file);
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(data));
            if (certs.isEmpty()) {
                throw bad(setting, file + " holds no certificate");
            }
            return new ArrayList<>(certs);
        } catch (IOException e) {
            throw bad(setting, "cannot read " + file + ": " + e.getMessage());
        } catch (java.security.cert.CertificateException e) {
            throw bad(setting, file + " is not a PEM certificate: " + e.getMessage());
        }
    }

    static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw bad("keyFile", "cannot read " + file + ": " + e.getMessage());
        }
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    } catch (Exception ignored) {
                        // try the next algorithm
                    }
                }
                throw bad("keyFile", file + " holds a PKCS#8 key that is neither EC, RSA nor Ed25519");
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw bad("keyFile", file + " holds a " + type + "; convert it to PKCS#8: openssl pkcs8 -topk8 "
                        + "-nocrypt -in " + file + " -out key-pkcs8.pem");
            }
        }
        throw bad("keyFile", file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static CouncilException bad(String setting, String message) {
        return CouncilException.local(Status.Code.INVALID_ARGUMENT, CouncilException.BAD_TLS_FILE, message, setting);
    }
}
