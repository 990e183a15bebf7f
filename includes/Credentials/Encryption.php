<?php
/**
 * Encrypts secrets for storage in options (libsodium XChaCha20-Poly1305 AEAD). The key comes from the
 * CART_SESSIONS_ENCRYPTION_KEY constant (at least 32 bytes) or, failing that, from WordPress's logged-in salts
 * (wp_salt()).
 *
 * The associated data binds a ciphertext to what it is for: the key pairs are encrypted with the store's origin
 * (scheme://host:port), so a blob copied into a row that names another store does not decrypt there. Version 1
 * blobs (secretbox, no associated data, written before 1.x) still decrypt through decrypt_legacy(), for the
 * one-time migration in Settings.
 *
 * Fails closed, unlike Site Kit's Data_Encryption which it follows otherwise: nothing is ever stored or read as
 * plaintext. A value that no longer decrypts (salts rotated, key constant changed, tampered row) comes back as
 * null, which the settings turn into "reconnect required" — never garbage and never a fatal error.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Credentials;

final class Encryption {

	/** Marks our ciphertexts; version 2 = XChaCha20-Poly1305 with associated data, BLAKE2b-derived key. */
	private const PREFIX = 'csenc2:';

	/** Version 1 = secretbox without associated data (read only, to migrate). */
	private const LEGACY_PREFIX = 'csenc1:';

	/** The shortest CART_SESSIONS_ENCRYPTION_KEY accepted, in bytes. */
	public const MIN_KEY_BYTES = 32;

	/** Separates our key from anything else derived from the same salts. */
	private const CONTEXT = 'cart-sessions-for-cocart|credentials|v1|';

	/**
	 * Key material, or null to read it from the constant / salts at use.
	 *
	 * @var string|null
	 */
	private $key_material;

	public function __construct( ?string $key_material = null ) {
		$this->key_material = $key_material;
	}

	/**
	 * Where the key comes from: 'constant' (CART_SESSIONS_ENCRYPTION_KEY) or 'salts'.
	 */
	public static function key_source(): string {
		return self::constant_key() !== '' ? 'constant' : 'salts';
	}

	private static function constant_key(): string {
		if ( defined( 'CART_SESSIONS_ENCRYPTION_KEY' ) && is_string( constant( 'CART_SESSIONS_ENCRYPTION_KEY' ) ) ) {
			return (string) constant( 'CART_SESSIONS_ENCRYPTION_KEY' );
		}
		return '';
	}

	private function material(): string {
		if ( null !== $this->key_material ) {
			return $this->key_material;
		}
		$constant = self::constant_key();
		return '' !== $constant ? $constant : (string) wp_salt( 'logged_in' );
	}

	/**
	 * What is wrong with CART_SESSIONS_ENCRYPTION_KEY (a message naming the fix), or null when it is fine or unset.
	 */
	public static function constant_key_error(): ?string {
		$constant = self::constant_key();
		return '' === $constant ? null : self::key_error( $constant );
	}

	/**
	 * What is wrong with a value for CART_SESSIONS_ENCRYPTION_KEY, or null: shorter than 32 bytes is refused (a
	 * short key is a guessable key, and every saved secret would be only as safe as it).
	 */
	public static function key_error( string $value ): ?string {
		if ( strlen( $value ) >= self::MIN_KEY_BYTES ) {
			return null;
		}
		return sprintf(
			/* translators: 1: CART_SESSIONS_ENCRYPTION_KEY, 2: number of bytes, 3: number of bytes */
			__( '%1$s is too short (%2$d bytes): it must be at least %3$d bytes of random text. Generate one with: php -r "echo bin2hex(random_bytes(32));" — then enter the key pair again.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			'CART_SESSIONS_ENCRYPTION_KEY',
			strlen( $value ),
			self::MIN_KEY_BYTES
		);
	}

	private function key(): string {
		$material = $this->material();
		if ( '' === $material ) {
			throw new \RuntimeException(
				'No encryption key: define CART_SESSIONS_ENCRYPTION_KEY or the WordPress salts.'
			);
		}
		if ( null === $this->key_material && null !== self::constant_key_error() ) {
			throw new \RuntimeException( 'CART_SESSIONS_ENCRYPTION_KEY is shorter than 32 bytes.' );
		}
		return sodium_crypto_generichash( self::CONTEXT . $material, '', SODIUM_CRYPTO_SECRETBOX_KEYBYTES );
	}

	/**
	 * Whether this PHP can encrypt at all (libsodium, or WordPress's sodium_compat).
	 */
	public static function available(): bool {
		return function_exists( 'sodium_crypto_aead_xchacha20poly1305_ietf_encrypt' )
			&& function_exists( 'sodium_crypto_generichash' );
	}

	/**
	 * @throws \RuntimeException When encryption is impossible; callers must then refuse to save.
	 */
	public function encrypt( string $plaintext, string $associated = '' ): string {
		if ( ! self::available() ) {
			throw new \RuntimeException( 'libsodium is not available.' );
		}
		$nonce = random_bytes( SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES );
		$box   = sodium_crypto_aead_xchacha20poly1305_ietf_encrypt( $plaintext, $associated, $nonce, $this->key() );
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		return self::PREFIX . base64_encode( $nonce . $box );
	}

	/**
	 * The plaintext, or null when the value is not ours, no longer decrypts, or was encrypted with other
	 * associated data. Never throws.
	 *
	 * @param mixed $stored
	 */
	public function decrypt( $stored, string $associated = '' ): ?string {
		if ( ! is_string( $stored ) || 0 !== strpos( $stored, self::PREFIX ) || ! self::available() ) {
			return null;
		}
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
		$raw = base64_decode( substr( $stored, strlen( self::PREFIX ) ), true );
		$shortest = SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES
			+ SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_ABYTES;
		if ( false === $raw || strlen( $raw ) < $shortest ) {
			return null;
		}
		try {
			$plain = sodium_crypto_aead_xchacha20poly1305_ietf_decrypt(
				substr( $raw, SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES ),
				$associated,
				substr( $raw, 0, SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES ),
				$this->key()
			);
		} catch ( \Throwable $e ) {
			return null;
		}
		return is_string( $plain ) ? $plain : null;
	}

	/**
	 * Whether a stored value is a version 1 blob (no associated data), which Settings migrates once.
	 *
	 * @param mixed $stored
	 */
	public static function is_legacy( $stored ): bool {
		return is_string( $stored ) && 0 === strpos( $stored, self::LEGACY_PREFIX );
	}

	/**
	 * The plaintext of a version 1 blob, or null. Never throws.
	 *
	 * @param mixed $stored
	 */
	public function decrypt_legacy( $stored ): ?string {
		if ( ! self::is_legacy( $stored ) || ! function_exists( 'sodium_crypto_secretbox_open' ) ) {
			return null;
		}
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
		$raw = base64_decode( substr( $stored, strlen( self::LEGACY_PREFIX ) ), true );
		$shortest = SODIUM_CRYPTO_SECRETBOX_NONCEBYTES + SODIUM_CRYPTO_SECRETBOX_MACBYTES;
		if ( false === $raw || strlen( $raw ) < $shortest ) {
			return null;
		}
		try {
			$plain = sodium_crypto_secretbox_open(
				substr( $raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
				substr( $raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
				$this->key()
			);
		} catch ( \Throwable $e ) {
			return null;
		}
		return is_string( $plain ) ? $plain : null;
	}
}
