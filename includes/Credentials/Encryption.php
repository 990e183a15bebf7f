<?php
/**
 * Encrypts secrets for storage in options (libsodium secretbox, authenticated). The key comes from the
 * CART_SESSIONS_ENCRYPTION_KEY constant or, failing that, from WordPress's logged-in salts (wp_salt()).
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

	/** Marks our ciphertexts; version 1 = secretbox with a BLAKE2b-derived key. */
	private const PREFIX = 'csenc1:';

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

	private function key(): string {
		$material = $this->material();
		if ( '' === $material ) {
			throw new \RuntimeException( 'No encryption key: define CART_SESSIONS_ENCRYPTION_KEY or the WordPress salts.' );
		}
		return sodium_crypto_generichash( self::CONTEXT . $material, '', SODIUM_CRYPTO_SECRETBOX_KEYBYTES );
	}

	/**
	 * Whether this PHP can encrypt at all (libsodium, or WordPress's sodium_compat).
	 */
	public static function available(): bool {
		return function_exists( 'sodium_crypto_secretbox' ) && function_exists( 'sodium_crypto_generichash' );
	}

	/**
	 * @throws \RuntimeException When encryption is impossible; callers must then refuse to save.
	 */
	public function encrypt( string $plaintext ): string {
		if ( ! self::available() ) {
			throw new \RuntimeException( 'libsodium is not available.' );
		}
		$nonce = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
		$box   = sodium_crypto_secretbox( $plaintext, $nonce, $this->key() );
		return self::PREFIX . base64_encode( $nonce . $box ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
	}

	/**
	 * The plaintext, or null when the value is not ours or no longer decrypts. Never throws.
	 *
	 * @param mixed $stored
	 */
	public function decrypt( $stored ): ?string {
		if ( ! is_string( $stored ) || 0 !== strpos( $stored, self::PREFIX ) || ! self::available() ) {
			return null;
		}
		$raw = base64_decode( substr( $stored, strlen( self::PREFIX ) ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
		if ( false === $raw || strlen( $raw ) < SODIUM_CRYPTO_SECRETBOX_NONCEBYTES + SODIUM_CRYPTO_SECRETBOX_MACBYTES ) {
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
