<?php
/**
 * The debug log of upstream requests (off by default; switched on in the settings): method, path, status,
 * duration, error code, which key (as a hint) and authentication were used — never credentials, query strings or
 * bodies. Stored in one option (not autoloaded), newest last, capped by entry count and size.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use CartSessions\Credentials\Settings;

final class DebugLog {

	public const OPTION      = 'cart_sessions_debug_log';
	public const MAX_ENTRIES = 200;
	public const MAX_BYTES   = 65536;

	/** @var Settings */
	private $settings;

	public function __construct( ?Settings $settings = null ) {
		$this->settings = $settings ?? new Settings();
	}

	public function enabled(): bool {
		return $this->settings->debug_log_enabled();
	}

	/**
	 * @param array<string,mixed> $entry method, path, status, duration_ms (required); error, auth, key, attempt.
	 */
	public function record( array $entry ): void {
		$this->record_many( array( $entry ) );
	}

	/**
	 * Several entries, oldest first, in one read and one write of the option: the parallel path logs a whole
	 * batch at once (writing the capped log back once per request cost a cleanup step 25 writes of ~60 KB).
	 *
	 * @param array<int,array<string,mixed>> $entries Each as record() takes it.
	 */
	public function record_many( array $entries ): void {
		if ( array() === $entries || ! $this->enabled() ) {
			return;
		}
		$secrets = $this->settings->all_secrets();
		$log     = $this->entries();
		foreach ( $entries as $entry ) {
			$log[] = array(
				'time'        => gmdate( 'c' ),
				'method'      => strtoupper( substr( (string) $entry['method'], 0, 10 ) ),
				'path'        => Redactor::redact( (string) strtok( (string) $entry['path'], '?' ), $secrets ),
				'status'      => (int) $entry['status'],
				'duration_ms' => (int) $entry['duration_ms'],
				'error'       => Redactor::redact( substr( (string) ( $entry['error'] ?? '' ), 0, 200 ), $secrets ),
				'auth'        => (string) ( $entry['auth'] ?? '' ),
				'key'         => (string) ( $entry['key'] ?? '' ),
				'attempt'     => (int) ( $entry['attempt'] ?? 1 ),
			);
		}
		$log = array_slice( $log, -self::MAX_ENTRIES );
		while ( count( $log ) > 1 && strlen( (string) wp_json_encode( $log ) ) > self::MAX_BYTES ) {
			array_shift( $log );
		}
		update_option( self::OPTION, $log, false );
	}

	/**
	 * @return array<int,array<string,mixed>>
	 */
	public function entries(): array {
		$log = get_option( self::OPTION, array() );
		return is_array( $log ) ? array_values( array_filter( $log, 'is_array' ) ) : array();
	}

	public function clear(): void {
		delete_option( self::OPTION );
	}
}
