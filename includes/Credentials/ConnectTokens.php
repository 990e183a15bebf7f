<?php
/**
 * The tokens of "Connect to a store": one per connect an administrator starts, sent to the store as WooCommerce's
 * app authentication "user_id" and coming back twice — in the store's server-to-server callback that carries the new
 * key pair, and in the browser's return to the Settings tab.
 *
 * A token is 32 random bytes (64 hex characters); only its SHA-256 is stored, with the user who started the
 * connect, the store URL and origin it was started for and the permission asked for. It accepts a key pair once
 * (the first callback moves it from pending to received or refused, atomically: two callbacks racing cannot both
 * pass), only within TTL of being minted, and the pair is stored encrypted and bound to that origin, like a saved
 * pair. The user who started the connect takes the token back once (take()), within FINISH_TTL; then it is gone.
 *
 * Storage: one option, cart_sessions_connect_tokens (not autoloaded), token hash => record; every write drops
 * expired records and keeps at most MAX_TOKENS. The callback's claim is a compare-and-swap on the option's row, so
 * it holds across PHP processes.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Credentials;

final class ConnectTokens {

	public const OPTION = 'cart_sessions_connect_tokens';

	/** Seconds a token waits for the store's callback. */
	public const TTL = 15 * MINUTE_IN_SECONDS;

	/** Seconds after minting that the user can still take a token back on the Settings tab. */
	public const FINISH_TTL = 30 * MINUTE_IN_SECONDS;

	public const MAX_TOKENS = 10;

	public const PENDING  = 'pending';
	public const RECEIVED = 'received';
	public const REFUSED  = 'refused';

	/** @var Encryption */
	private $encryption;

	public function __construct( ?Encryption $encryption = null ) {
		$this->encryption = $encryption ?? new Encryption();
	}

	/**
	 * A new token for this user and store.
	 *
	 * @param string $scope read | write | read_write
	 */
	public function mint( int $user_id, string $store_url, string $scope ): string {
		$token  = bin2hex( random_bytes( 32 ) );
		$record = array(
			'user_id'   => $user_id,
			'store_url' => $store_url,
			'origin'    => Validator::origin( $store_url ),
			'scope'     => $scope,
			'minted_at' => time(),
			'state'     => self::PENDING,
		);
		$this->change(
			static function ( array $records ) use ( $token, $record ): array {
				$records[ self::hash( $token ) ] = $record;
				return $records;
			}
		);
		return $token;
	}

	/**
	 * The store's callback: the pair, for a pending and unexpired token, sent by the store the token was minted for
	 * ($sender_origin). Either way the token accepts nothing more.
	 *
	 * @param array{consumer_key:string,consumer_secret:string,key_id:int,key_permissions:string} $pair
	 * @return string RECEIVED; REFUSED (the sender is another store); '' (no such token, expired, or used).
	 */
	public function receive( string $token, array $pair, string $sender_origin ): string {
		$hash   = self::hash( $token );
		$record = $this->records()[ $hash ] ?? null;
		if ( ! self::waits_for_callback( $record ) ) {
			return '';
		}
		$from_its_store = hash_equals( (string) $record['origin'], $sender_origin );
		$sealed         = '';
		if ( $from_its_store ) {
			try {
				$sealed = $this->encryption->encrypt(
					(string) wp_json_encode(
						array(
							'consumer_key'    => $pair['consumer_key'],
							'consumer_secret' => $pair['consumer_secret'],
						)
					),
					(string) $record['origin']
				);
			} catch ( \Throwable $e ) {
				unset( $e ); // Cannot keep it encrypted: it is not kept at all (take() says why).
			}
		}
		$outcome = $from_its_store && '' !== $sealed ? self::RECEIVED : self::REFUSED;
		$fields  = self::RECEIVED === $outcome
			? array(
				'secrets'    => $sealed,
				'key_id'     => $pair['key_id'],
				'permission' => $pair['key_permissions'],
			)
			: array(
				'reason' => $from_its_store ? 'encryption' : 'origin',
				'sender' => $sender_origin,
			);
		$fields += array(
			'state'       => $outcome,
			'received_at' => time(),
		);
		$claimed = false;
		$this->change(
			static function ( array $records ) use ( $hash, $fields, &$claimed ) {
				if ( ! self::waits_for_callback( $records[ $hash ] ?? null ) ) {
					return null; // Another callback claimed it first.
				}
				$records[ $hash ] = array_merge( $records[ $hash ], $fields );
				$claimed          = true;
				return $records;
			}
		);
		return $claimed ? $outcome : '';
	}

	/**
	 * The token's record for the user who minted it, removed (a token is taken back once), with the pair decrypted
	 * when one was received; null when there is no such token for this user or it is too old.
	 *
	 * @return array<string,mixed>|null state, store_url, origin, scope, minted_at, and for RECEIVED: pair, key_id,
	 *                                  permission; for REFUSED: reason (origin | encryption), sender.
	 */
	public function take( string $token, int $user_id ): ?array {
		$hash  = self::hash( $token );
		$taken = null;
		$this->change(
			static function ( array $records ) use ( $hash, $user_id, &$taken ) {
				$record = $records[ $hash ] ?? null;
				if ( ! is_array( $record ) || (int) $record['user_id'] !== $user_id ) {
					return null;
				}
				unset( $records[ $hash ] );
				$taken = $record;
				return $records;
			}
		);
		if ( null === $taken || time() - (int) $taken['minted_at'] > self::FINISH_TTL ) {
			return null;
		}
		if ( self::RECEIVED === $taken['state'] ) {
			$json = $this->encryption->decrypt( (string) $taken['secrets'], (string) $taken['origin'] );
			$pair = null === $json ? null : json_decode( $json, true );
			unset( $taken['secrets'] );
			if ( ! is_array( $pair ) ) {
				$taken['state']  = self::REFUSED;
				$taken['reason'] = 'encryption';
				return $taken;
			}
			$taken['pair'] = $pair;
		}
		return $taken;
	}

	/**
	 * @param mixed $record
	 */
	private static function waits_for_callback( $record ): bool {
		return is_array( $record ) && self::PENDING === $record['state']
			&& time() - (int) $record['minted_at'] <= self::TTL;
	}

	private static function hash( string $token ): string {
		return hash( 'sha256', $token );
	}

	/**
	 * @return array<string,array<string,mixed>>
	 */
	private function records(): array {
		return self::decode( $this->read_row() );
	}

	/**
	 * @return array<string,array<string,mixed>>
	 */
	private static function decode( ?string $row ): array {
		$records = null === $row ? array() : maybe_unserialize( $row );
		return is_array( $records ) ? $records : array();
	}

	private function read_row(): ?string {
		global $wpdb;
		$row = $wpdb->get_var(
			$wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::OPTION )
		);
		return is_string( $row ) ? $row : null;
	}

	/**
	 * Applies $change to the records and writes them only if nobody else wrote in between (compare-and-swap on the
	 * option's row, retried). $change returns the new records, or null to write nothing.
	 *
	 * @param callable(array<string,array<string,mixed>>):(array<string,array<string,mixed>>|null) $change
	 */
	private function change( callable $change ): void {
		global $wpdb;
		add_option( self::OPTION, array(), '', false ); // Only when missing: the row the swap works on.
		for ( $attempt = 0; $attempt < 5; $attempt++ ) {
			$row     = $this->read_row();
			$records = $change( self::decode( $row ) );
			if ( null === $records ) {
				return;
			}
			$now     = time();
			$records = array_filter(
				$records,
				static function ( $record ) use ( $now ): bool {
					return is_array( $record ) && $now - (int) ( $record['minted_at'] ?? 0 ) <= self::FINISH_TTL;
				}
			);
			uasort(
				$records,
				static function ( array $a, array $b ): int {
					return (int) $b['minted_at'] <=> (int) $a['minted_at'];
				}
			);
			$records = array_slice( $records, 0, self::MAX_TOKENS, true );
			$written = $wpdb->query(
				$wpdb->prepare(
					"UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s",
					maybe_serialize( $records ),
					self::OPTION,
					(string) $row
				)
			);
			wp_cache_delete( self::OPTION, 'options' );
			if ( 1 === $written ) {
				return;
			}
		}
	}
}
