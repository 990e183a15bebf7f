<?php
/**
 * The connection settings: where the store is, the key pairs, the timeout, the debug-log switch.
 *
 * Storage: one option, cart_sessions_connection (not autoloaded), so a save is one write — all or nothing. The
 * key pairs live inside it as one encrypted blob (Encryption); the store URL and timeout are plain. Which key is
 * in use after a rotation, and which authentication worked, live in cart_sessions_key_state (written by the
 * client, never by a save, so the two cannot overwrite each other).
 *
 * Effective values: an override (Overrides: constant, then environment variable) wins over the saved value,
 * which wins over the default (the store URL defaults to this site's home_url()).
 *
 * A candidate (Settings::candidate()) is a key pair not saved yet, obtained through the store's app authentication:
 * it answers for that pair and store alone (no backups, no overrides, its key state kept in memory), so the doctor
 * can try it before it replaces anything, and it can never be saved.
 *
 * The key in use is described by key_meta in the same option (how and when it was obtained, the store's
 * description of it, its permission and the last 7 characters by which the store lists it), written whenever the
 * primary key changes.
 *
 * Origin binding: the key pairs are encrypted with the store's origin (scheme://host:port of the effective store
 * URL) as associated data, and decrypted only with the origin of the store URL in use. So a saved secret is only
 * ever sent to the store it was saved for: changing the URL to another origin needs the key pairs again in the
 * same save, a blob copied to a row naming another store does not decrypt ("reconnect required"), and a
 * COCART_API_URL naming another store than the saved pairs is refused. Blobs written before the binding
 * (Encryption version 1) are bound on first read to the origin of the saved store URL — where they were being
 * sent — and rewritten.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Credentials;

use WP_Error;

final class Settings {

	public const OPTION          = 'cart_sessions_connection';
	public const STATE_OPTION    = 'cart_sessions_key_state';
	public const DEFAULT_TIMEOUT = 15;
	public const MAX_BACKUP_KEYS = 5;

	/** Not configured: no key pair yet. */
	public const STATE_NOT_CONFIGURED = 'not_configured';
	/** The saved key pairs no longer decrypt (salts or the encryption key changed): enter them again. */
	public const STATE_RECONNECT = 'reconnect_required';
	/** An override (constant / environment variable) holds an invalid value. */
	public const STATE_INVALID_OVERRIDE = 'invalid_override';
	public const STATE_OK               = 'ok';

	/** @var Encryption */
	private $encryption;

	/** @var Overrides */
	private $overrides;

	/**
	 * Set for a candidate: its store URL, its pair and its key state.
	 *
	 * @var array{store_url:string,pair:array{consumer_key:string,consumer_secret:string},state:array<string,mixed>}|null
	 */
	private $candidate = null;

	public function __construct( ?Encryption $encryption = null, ?Overrides $overrides = null ) {
		$this->encryption = $encryption ?? new Encryption();
		$this->overrides  = $overrides ?? new Overrides();
	}

	/**
	 * A key pair for a store that nothing has saved yet, to be tried before it is adopted (see the class comment).
	 *
	 * @param array{consumer_key:string,consumer_secret:string} $pair
	 */
	public static function candidate( string $store_url, array $pair ): self {
		$none                 = static function (): ?string {
			return null;
		};
		$settings             = new self( null, new Overrides( $none, $none ) );
		$settings->candidate  = array(
			'store_url' => Validator::normalise_url( $store_url ),
			'pair'      => array(
				'consumer_key'    => $pair['consumer_key'],
				'consumer_secret' => $pair['consumer_secret'],
			),
			'state'     => array(),
		);
		return $settings;
	}

	/**
	 * @return array{store_url:string,timeout:int,debug_log:bool,secrets:string,secrets_origin:string,key_meta:array<string,mixed>}
	 */
	private function raw(): array {
		$saved = get_option( self::OPTION, array() );
		$saved = is_array( $saved ) ? $saved : array();
		if ( null !== $this->candidate ) {
			$saved = array_merge( $saved, array( 'store_url' => $this->candidate['store_url'] ) );
			unset( $saved['secrets'], $saved['secrets_origin'], $saved['key_meta'] );
		}
		return array(
			'store_url' => is_string( $saved['store_url'] ?? null ) ? $saved['store_url'] : '',
			'timeout'   => isset( $saved['timeout'] ) && null === Validator::timeout( $saved['timeout'] )
				? (int) $saved['timeout']
				: self::DEFAULT_TIMEOUT,
			'debug_log' => ! empty( $saved['debug_log'] ),
			'secrets'   => is_string( $saved['secrets'] ?? null ) ? $saved['secrets'] : '',
			// Where the pairs were saved for; only for messages — the binding itself is in the ciphertext.
			'secrets_origin' => is_string( $saved['secrets_origin'] ?? null ) ? $saved['secrets_origin'] : '',
			'key_meta'       => is_array( $saved['key_meta'] ?? null ) ? $saved['key_meta'] : array(),
		);
	}

	/**
	 * The origin the key pairs are sent to: that of the store URL in use (overrides applied).
	 */
	public function store_origin(): string {
		return Validator::origin( $this->store_url() );
	}

	/**
	 * The origin the saved key pairs were saved for when it is not the store in use (so they are not used), else
	 * null.
	 */
	public function origin_mismatch(): ?string {
		$raw = $this->raw();
		$bound_here = $raw['secrets_origin'] === $this->store_origin();
		if ( '' === $raw['secrets'] || '' === $raw['secrets_origin'] || $bound_here ) {
			return null;
		}
		return $raw['secrets_origin'];
	}

	/**
	 * A version 1 blob (no origin binding): bound now to the origin of the saved store URL, where it was being
	 * sent, and rewritten. Its plaintext only when that is also the store in use.
	 *
	 * @param array<string,mixed> $raw What raw() answers.
	 */
	private function migrate_legacy( array $raw ): ?string {
		$json = $this->encryption->decrypt_legacy( $raw['secrets'] );
		if ( null === $json ) {
			return null;
		}
		$origin = Validator::origin( '' !== $raw['store_url'] ? $raw['store_url'] : self::default_store_url() );
		try {
			$saved                   = (array) get_option( self::OPTION, array() );
			$saved['secrets']        = $this->encryption->encrypt( $json, $origin );
			$saved['secrets_origin'] = $origin;
			update_option( self::OPTION, $saved, false );
		} catch ( \Throwable $e ) {
			unset( $e ); // Cannot rewrite it now: still used only for the origin it belongs to.
		}
		return $origin === $this->store_origin() ? $json : null;
	}

	/**
	 * The saved key pairs: an empty set when none are saved, null when they are saved but do not decrypt.
	 *
	 * @return array{consumer_key:string,consumer_secret:string,backup_keys:array<int,array{consumer_key:string,consumer_secret:string}>}|null
	 */
	private function saved_secrets(): ?array {
		if ( null !== $this->candidate ) {
			return $this->candidate['pair'] + array( 'backup_keys' => array() );
		}
		$empty = array(
			'consumer_key'    => '',
			'consumer_secret' => '',
			'backup_keys'     => array(),
		);
		$raw   = $this->raw();
		$blob  = $raw['secrets'];
		if ( '' === $blob ) {
			return $empty;
		}
		$json = Encryption::is_legacy( $blob )
			? $this->migrate_legacy( $raw )
			: $this->encryption->decrypt( $blob, $this->store_origin() );
		$data = null === $json ? null : json_decode( $json, true );
		if ( ! is_array( $data ) ) {
			return null;
		}
		$backups = array();
		foreach ( (array) ( $data['backup_keys'] ?? array() ) as $pair ) {
			if ( is_array( $pair ) && is_string( $pair['consumer_key'] ?? null )
				&& is_string( $pair['consumer_secret'] ?? null ) ) {
				$backups[] = array(
					'consumer_key'    => $pair['consumer_key'],
					'consumer_secret' => $pair['consumer_secret'],
				);
			}
		}
		return array(
			'consumer_key'    => is_string( $data['consumer_key'] ?? null ) ? $data['consumer_key'] : '',
			'consumer_secret' => is_string( $data['consumer_secret'] ?? null ) ? $data['consumer_secret'] : '',
			'backup_keys'     => $backups,
		);
	}

	/**
	 * Where a field's effective value comes from: 'constant', 'environment', 'saved' or 'default'.
	 */
	public function source( string $field ): string {
		$override = $this->overrides->get( $field );
		if ( null !== $override ) {
			return $override['source'];
		}
		switch ( $field ) {
			case 'store_url':
				return '' !== $this->raw()['store_url'] ? 'saved' : 'default';
			case 'timeout':
				$saved = get_option( self::OPTION, array() );
				return is_array( $saved ) && isset( $saved['timeout'] ) ? 'saved' : 'default';
			case 'consumer_key':
			case 'consumer_secret':
				$secrets = $this->saved_secrets();
				return null === $secrets || '' !== $secrets[ $field ] ? 'saved' : 'default';
			case 'backup_keys':
				$secrets = $this->saved_secrets();
				return null === $secrets || array() !== $secrets['backup_keys'] ? 'saved' : 'default';
		}
		return 'default';
	}

	/**
	 * Which key pair fields wp-config.php or the environment fixes.
	 *
	 * @return array{consumer_key:bool,consumer_secret:bool}
	 */
	private function locks(): array {
		return array(
			'consumer_key'    => $this->is_locked( 'consumer_key' ),
			'consumer_secret' => $this->is_locked( 'consumer_secret' ),
		);
	}

	public function is_locked( string $field ): bool {
		return null !== $this->overrides->get( $field );
	}

	/**
	 * The override's constant/variable name for a field, or null.
	 */
	public function override_name( string $field ): ?string {
		$override = $this->overrides->get( $field );
		return null === $override ? null : $override['name'];
	}

	/**
	 * The store's home address in use, without a trailing slash.
	 */
	public function store_url(): string {
		$override = $this->overrides->get( 'store_url' );
		if ( null !== $override ) {
			$valid = null === Validator::store_url( $override['value'] );
			return $valid ? Validator::normalise_url( $override['value'] ) : '';
		}
		$saved = $this->raw()['store_url'];
		return '' !== $saved ? $saved : self::default_store_url();
	}

	public static function default_store_url(): string {
		return untrailingslashit( home_url() );
	}

	public function timeout(): int {
		return $this->raw()['timeout'];
	}

	public function debug_log_enabled(): bool {
		return $this->raw()['debug_log'];
	}

	/**
	 * What is wrong with the overrides, field => message; empty when nothing.
	 *
	 * @return array<string,string>
	 */
	public function override_errors(): array {
		$errors = array();
		foreach ( array( 'store_url', 'consumer_key', 'consumer_secret' ) as $field ) {
			$override = $this->overrides->get( $field );
			if ( null === $override ) {
				continue;
			}
			$error = Validator::$field( $override['value'] );
			if ( null !== $error ) {
				$errors[ $field ] = sprintf(
					/* translators: 1: constant name, 2: what is wrong */
					__( '%1$s (set in wp-config.php or the environment) is not valid: %2$s', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					$override['name'],
					$error
				);
			}
		}
		return $errors;
	}

	public function state(): string {
		if ( array() !== $this->override_errors() ) {
			return self::STATE_INVALID_OVERRIDE;
		}
		$secrets = $this->saved_secrets();
		$key     = $this->overrides->get( 'consumer_key' );
		$secret  = $this->overrides->get( 'consumer_secret' );
		if ( null === $secrets && ( null === $key || null === $secret ) ) {
			return self::STATE_RECONNECT;
		}
		$pairs = $this->key_pairs();
		return array() === $pairs ? self::STATE_NOT_CONFIGURED : self::STATE_OK;
	}

	/**
	 * The key pairs to try, in order: the primary pair (overrides applied), then the backups. Only complete,
	 * valid pairs. Empty when not configured or when the saved pairs no longer decrypt.
	 *
	 * @return array<int,array{consumer_key:string,consumer_secret:string}>
	 */
	public function key_pairs(): array {
		$secrets = $this->saved_secrets() ?? array(
			'consumer_key'    => '',
			'consumer_secret' => '',
			'backup_keys'     => array(),
		);
		$key     = $this->overrides->get( 'consumer_key' );
		$secret  = $this->overrides->get( 'consumer_secret' );
		$primary = array(
			'consumer_key'    => null !== $key ? $key['value'] : $secrets['consumer_key'],
			'consumer_secret' => null !== $secret ? $secret['value'] : $secrets['consumer_secret'],
		);
		$pairs = array();
		foreach ( array_merge( array( $primary ), $secrets['backup_keys'] ) as $pair ) {
			if ( null === Validator::consumer_key( $pair['consumer_key'] )
				&& null === Validator::consumer_secret( $pair['consumer_secret'] ) ) {
				$pairs[] = $pair;
			}
		}
		return $pairs;
	}

	/**
	 * Every secret this site holds (for redaction: logs and messages are scrubbed of these).
	 *
	 * @return string[]
	 */
	public function all_secrets(): array {
		$out = array();
		foreach ( $this->key_pairs() as $pair ) {
			$out[] = $pair['consumer_secret'];
		}
		$secret = $this->overrides->get( 'consumer_secret' );
		if ( null !== $secret ) {
			$out[] = $secret['value'];
		}
		$saved = $this->saved_secrets();
		if ( null !== $saved && '' !== $saved['consumer_secret'] ) {
			$out[] = $saved['consumer_secret'];
		}
		return array_values( array_unique( array_filter( $out ) ) );
	}

	/**
	 * Saves what $input names; fields it leaves out keep their values. All of it is validated before anything is
	 * written, and then written in one update_option(): a failed save changes nothing.
	 *
	 * Input fields: store_url ('' = this site), consumer_key, consumer_secret ('' or absent = keep the saved one,
	 * which is only possible while the key stays the same), backup_keys (list of {consumer_key, consumer_secret};
	 * replaces the list; a pair with an empty secret keeps the secret saved for that key), timeout, debug_log,
	 * clear_credentials (true: forget every saved key pair first).
	 *
	 * @param array<string,mixed> $input
	 * @return true|WP_Error 400 rest_invalid_param with data.params = field => message; 500 when it cannot
	 *                       encrypt.
	 */
	public function save( array $input ) {
		if ( null !== $this->candidate ) {
			throw new \LogicException( 'A candidate is never saved: adopt its pair with a save of the real settings.' );
		}
		$raw     = $this->raw();
		$errors  = array();
		$new     = $raw;
		$current = $this->saved_secrets(); // Null: saved, but no longer decrypts.
		$blank   = array(
			'consumer_key'    => '',
			'consumer_secret' => '',
			'backup_keys'     => array(),
		);

		foreach ( array( 'store_url', 'consumer_key', 'consumer_secret' ) as $field ) {
			if ( ! array_key_exists( $field, $input ) || ! $this->is_locked( $field ) ) {
				continue;
			}
			if ( '' === $input[ $field ] || null === $input[ $field ] ) {
				unset( $input[ $field ] ); // An empty locked field is what the screen sends back: nothing to change.
			} else {
				$errors[ $field ] = sprintf(
					/* translators: %s: constant name such as COCART_API_URL */
					__( 'This is set by %s in wp-config.php or the server environment, so it cannot be changed here. Change or remove it there.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					(string) $this->override_name( $field )
				);
			}
		}

		if ( array_key_exists( 'store_url', $input ) && ! isset( $errors['store_url'] ) ) {
			$error = Validator::store_url( $input['store_url'] );
			if ( null !== $error ) {
				$errors['store_url'] = $error;
			} else {
				$url              = Validator::normalise_url( (string) $input['store_url'] );
				$new['store_url'] = $url === self::default_store_url() ? '' : $url;
			}
		}
		// The saved pairs belong to the store in use now; a save that points at another origin must bring them
		// again, or a shop manager could send an administrator's secret to a host of their choosing.
		$new_store  = '' !== $new['store_url'] ? $new['store_url'] : self::default_store_url();
		$new_origin = Validator::origin( $this->is_locked( 'store_url' ) ? $this->store_url() : $new_store );
		$has_pairs  = null !== $current && ( '' !== $current['consumer_key'] || array() !== $current['backup_keys'] );
		$moved      = $has_pairs && empty( $input['clear_credentials'] ) && $new_origin !== $this->store_origin();
		if ( $moved ) {
			$current['consumer_secret'] = '';
			foreach ( $current['backup_keys'] as $i => $pair ) {
				$current['backup_keys'][ $i ]['consumer_secret'] = '';
			}
		}
		$moved_message = sprintf(
			/* translators: %s: the store's origin, such as https://shop.example.com:443 */
			__( 'The store address now points to %s, another store than the one this key pair was saved for. Enter the consumer key and consumer secret for that store in the same save (a saved secret is only ever sent to the store it was saved for).', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			$new_origin
		);

		if ( array_key_exists( 'timeout', $input ) ) {
			$error = Validator::timeout( $input['timeout'] );
			if ( null !== $error ) {
				$errors['timeout'] = $error;
			} else {
				$new['timeout'] = (int) $input['timeout'];
			}
		}
		if ( array_key_exists( 'debug_log', $input ) ) {
			$new['debug_log'] = (bool) $input['debug_log'];
		}

		$touches_secrets = $moved || ! empty( $input['clear_credentials'] )
			|| array_key_exists( 'consumer_key', $input )
			|| array_key_exists( 'consumer_secret', $input )
			|| array_key_exists( 'backup_keys', $input );
		$secrets         = KeyPairInput::read(
			$input,
			$current,
			! empty( $input['clear_credentials'] ) ? $blank : ( $current ?? $blank ),
			$this->locks(),
			$moved ? $moved_message : null,
			$touches_secrets,
			$errors
		);

		if ( array() !== $errors ) {
			return new WP_Error(
				'rest_invalid_param',
				sprintf(
					/* translators: %s: list of field names */
					__( 'Invalid parameter(s): %s', 'cart-sessions-for-cocart' ),
					implode( ', ', array_keys( $errors ) )
				),
				array(
					'status' => 400,
					'params' => $errors,
				)
			);
		}

		if ( $touches_secrets && $blank !== $secrets && null !== Encryption::constant_key_error() ) {
			return new WP_Error(
				'cart_sessions_encryption_key_too_short',
				(string) Encryption::constant_key_error(),
				array( 'status' => 500 )
			);
		}
		$before_key = null === $current ? '' : $current['consumer_key'];
		if ( isset( $input['key_meta'] ) && is_array( $input['key_meta'] ) ) {
			$new['key_meta'] = self::key_meta_of( $input['key_meta'], $secrets['consumer_key'] );
		} elseif ( $touches_secrets && $secrets['consumer_key'] !== $before_key ) {
			$new['key_meta'] = self::key_meta_of( array( 'via' => 'manual' ), $secrets['consumer_key'] );
		}
		if ( $touches_secrets ) {
			if ( $blank === $secrets ) {
				$new['secrets']        = '';
				$new['secrets_origin'] = '';
			} else {
				try {
					$plain                 = (string) wp_json_encode( $secrets );
					$new['secrets']        = $this->encryption->encrypt( $plain, $new_origin );
					$new['secrets_origin'] = $new_origin;
				} catch ( \Throwable $e ) {
					return new WP_Error(
						'cart_sessions_encryption_unavailable',
						__( 'The key pair was not saved: this server cannot encrypt it (libsodium is missing or the site has no security keys). Ask your host to enable the PHP sodium extension, or set the key pair with the COCART_CONSUMER_KEY and COCART_CONSUMER_SECRET constants.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						array( 'status' => 500 )
					);
				}
			}
		}

		if ( $new !== $raw || ! is_array( get_option( self::OPTION ) ) ) {
			update_option( self::OPTION, $new, false );
		}
		if ( $touches_secrets || $new['store_url'] !== $raw['store_url'] ) {
			delete_option( self::STATE_OPTION );
		}
		return true;
	}

	/**
	 * What is known of a primary key when it is saved: how it came (connect: the store's app authentication;
	 * manual: typed or pasted), when, the store's description and key id, the permission asked for, and the last 7
	 * characters by which WooCommerce lists it. Empty for no key.
	 *
	 * @param array<string,mixed> $meta via, description, permission, key_id
	 * @return array<string,mixed>
	 */
	private static function key_meta_of( array $meta, string $consumer_key ): array {
		if ( '' === $consumer_key ) {
			return array();
		}
		return array(
			'via'           => 'connect' === ( $meta['via'] ?? '' ) ? 'connect' : 'manual',
			'obtained_at'   => time(),
			'description'   => is_string( $meta['description'] ?? null ) ? $meta['description'] : '',
			'permission'    => is_string( $meta['permission'] ?? null ) ? $meta['permission'] : '',
			'key_id'        => (int) ( $meta['key_id'] ?? 0 ),
			'truncated_key' => substr( $consumer_key, -7 ),
		);
	}

	/**
	 * The saved primary key's meta (key_meta_of()) with the time as ISO 8601, or null when the primary key is
	 * not a saved one (none, or set in wp-config.php) or was saved before its meta was kept.
	 *
	 * @return array{via:string,obtained_at:string,description:string,permission:string,key_id:int,truncated_key:string}|null
	 */
	private function key_meta(): ?array {
		$meta    = $this->raw()['key_meta'];
		$secrets = $this->saved_secrets();
		$key     = null === $secrets ? '' : $secrets['consumer_key'];
		$matches = '' !== $key && isset( $meta['truncated_key'], $meta['obtained_at'] )
			&& substr( $key, -7 ) === $meta['truncated_key'];
		if ( ! $matches || $this->is_locked( 'consumer_key' ) ) {
			return null;
		}
		return array(
			'via'           => (string) ( $meta['via'] ?? 'manual' ),
			'obtained_at'   => gmdate( 'c', (int) $meta['obtained_at'] ),
			'description'   => (string) ( $meta['description'] ?? '' ),
			'permission'    => (string) ( $meta['permission'] ?? '' ),
			'key_id'        => (int) ( $meta['key_id'] ?? 0 ),
			'truncated_key' => (string) $meta['truncated_key'],
		);
	}

	/**
	 * Which key pair the client uses and how it authenticates. The client moves this on a rotation.
	 *
	 * @return array{index:int,auth:string,rotated_at:int|null,rotated_from:string,fingerprint:string}
	 */
	public function key_state(): array {
		$state       = null !== $this->candidate
			? $this->candidate['state']
			: get_option( self::STATE_OPTION, array() );
		$state       = is_array( $state ) ? $state : array();
		$fingerprint = $this->fingerprint();
		$defaults    = array(
			'index'        => 0,
			'auth'         => '',
			'rotated_at'   => null,
			'rotated_from' => '',
			'fingerprint'  => $fingerprint,
		);
		if ( ( $state['fingerprint'] ?? '' ) !== $fingerprint ) {
			return $defaults; // The keys or the store changed since: start again from the primary pair.
		}
		$state = array_merge( $defaults, array_intersect_key( $state, $defaults ) );
		if ( (int) $state['index'] >= count( $this->key_pairs() ) ) {
			$state['index'] = 0;
		}
		$state['index'] = (int) $state['index'];
		return $state;
	}

	/**
	 * @param array<string,mixed> $changes index, auth, rotated_at, rotated_from
	 */
	public function update_key_state( array $changes ): void {
		$state = array_merge( $this->key_state(), $changes );
		if ( null !== $this->candidate ) {
			$this->candidate['state'] = $state;
			return;
		}
		update_option( self::STATE_OPTION, $state, false );
	}

	/**
	 * Identifies the store and the set of keys (their public halves only), so a stale key state is noticed.
	 */
	private function fingerprint(): string {
		$keys = array_map(
			static function ( array $pair ): string {
				return $pair['consumer_key'];
			},
			$this->key_pairs()
		);
		return substr( hash( 'sha256', $this->store_url() . '|' . implode( '|', $keys ) ), 0, 16 );
	}

	/**
	 * What the screen (and Site Health) may know: never a secret, never a whole key.
	 *
	 * @return array<string,mixed>
	 */
	public function describe(): array {
		$secrets = $this->saved_secrets();
		$pairs   = $this->key_pairs();
		$state   = $this->key_state();
		$key     = $this->overrides->get( 'consumer_key' );
		$secret  = $this->overrides->get( 'consumer_secret' );
		$primary = null !== $key ? $key['value'] : ( null === $secrets ? '' : $secrets['consumer_key'] );

		$backups = array();
		foreach ( null === $secrets ? array() : $secrets['backup_keys'] as $i => $pair ) {
			$backups[] = array(
				'index'             => $i + 1,
				'consumer_key_hint' => Validator::hint( $pair['consumer_key'] ),
				'secret_saved'      => '' !== $pair['consumer_secret'],
			);
		}
		$in_use = $pairs[ $state['index'] ] ?? null;
		$fields = array( 'store_url', 'consumer_key', 'consumer_secret', 'backup_keys', 'timeout' );
		$sources = array();
		$locked  = array();
		$names   = array();
		foreach ( $fields as $field ) {
			$sources[ $field ] = $this->source( $field );
			$locked[ $field ]  = $this->is_locked( $field );
			if ( $locked[ $field ] ) {
				$names[ $field ] = $this->override_name( $field );
			}
		}
		return array(
			'store_url'         => $this->store_url(),
			'store_url_default' => self::default_store_url(),
			'consumer_key_hint' => Validator::hint( $primary ),
			'secret_saved'      => null !== $secret || ( null !== $secrets && '' !== $secrets['consumer_secret'] ),
			'backup_keys'       => $backups,
			'timeout'           => $this->timeout(),
			'debug_log'         => $this->debug_log_enabled(),
			'state'             => $this->state(),
			'errors'            => (object) $this->override_errors(),
			'sources'           => $sources,
			'locked'            => $locked,
			'overridden_by'     => (object) $names,
			'key_meta'          => $this->key_meta(),
			'key_in_use'        => null === $in_use ? null : array(
				'index'             => $state['index'],
				'label'             => 0 === $state['index'] ? 'primary' : 'backup',
				'consumer_key_hint' => Validator::hint( $in_use['consumer_key'] ),
				'auth'              => '' !== $state['auth'] ? $state['auth'] : null,
				'rotated_at'        => null === $state['rotated_at'] ? null : gmdate( 'c', (int) $state['rotated_at'] ),
				'rotated_from_hint' => '' !== $state['rotated_from'] ? $state['rotated_from'] : null,
			),
			'encryption'        => array(
				'key_source' => Encryption::key_source(),
				'available'  => Encryption::available(),
			),
		);
	}
}
